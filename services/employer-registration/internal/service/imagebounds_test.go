package service

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	stdimage "image"
	"image/color"
	"image/jpeg"
	"runtime"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/hellowork-jp/hellowork/libs/authn"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

// IMG-1 bounds on what one upload may cost (issue 9, H2).

func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	_ = binary.Write(b, binary.BigEndian, uint32(len(data)))
	body := append([]byte(typ), data...)
	b.Write(body)
	_ = binary.Write(b, binary.BigEndian, crc32.ChecksumIEEE(body))
}

// deepPNG16 is the review's file: a whole, valid 8000 × 3000 PNG of black 16-bit RGBA
// pixels, 186 KB on the wire, 183 MiB once decoded. It is within MaxSide and MaxPixels.
func deepPNG16() []byte {
	const w, h = 8000, 3000
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression) // a bytes.Buffer cannot fail
	row := make([]byte, 1+w*8)
	for y := 0; y < h; y++ {
		_, _ = zw.Write(row)
	}
	_ = zw.Close()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 16, 6
	writeChunk(&b, "IHDR", ihdr)
	writeChunk(&b, "IDAT", idat.Bytes())
	writeChunk(&b, "IEND", nil)
	return b.Bytes()
}

// The 186 KB PNG is refused from its header with IMAGE_DECODED_TOO_LARGE, and the
// whole call (client, gRPC, server) allocates a few MiB, not the 183 MiB of its pixels.
func TestImages_DeepPNGRefusedWithBoundedAllocation(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	content := deepPNG16()
	t.Logf("PNG of %d bytes", len(content))
	ctx := f.as(employer(e.EstablishmentId))
	req := &erv1.UploadImageRequest{EstablishmentId: e.EstablishmentId, Filename: "deep.png", Content: content}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := f.client.UploadImage(ctx, req)
	runtime.ReadMemStats(&after)
	wantErr(t, err, codes.InvalidArgument, "IMAGE_DECODED_TOO_LARGE")
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("the refused upload allocated %.1f MiB in the test process", float64(alloc)/(1<<20))
	if alloc > 8<<20 {
		t.Fatalf("the refused upload allocated %d bytes; want under 8 MiB", alloc)
	}
}

// Who may upload is checked before any byte of the file is read: another
// establishment's employer and a stranger's provisional account get
// ESTABLISHMENT_NOT_FOUND for a bomb or a non-image alike, never an IMAGE_* finding
// about the file (which would be work done, and an oracle, for a caller with no right);
// staff are refused earlier still, by the RPC's declared policy.
func TestImages_OwnershipCheckedBeforeTheFile(t *testing.T) {
	f := newFixture(t)
	a := f.registered("acct-a")
	b := f.registered("acct-b")
	callers := []struct {
		name   string
		p      authn.Principal
		code   codes.Code
		reason string
	}{
		{"another establishment's employer", employer(b.EstablishmentId), codes.NotFound, "ESTABLISHMENT_NOT_FOUND"},
		{"staff of the establishment's office", staff1301, codes.PermissionDenied, ""},
		{"a stranger's provisional account", provisional("acct-z"), codes.NotFound, "ESTABLISHMENT_NOT_FOUND"},
	}
	files := []struct {
		name    string
		content []byte
	}{{"bomb", bombPNG()}, {"not an image", []byte("%PDF-1.7 not an image")}, {"deep PNG", deepPNG16()}}
	for _, c := range callers {
		for _, file := range files {
			t.Run(c.name+"/"+file.name, func(t *testing.T) {
				_, err := f.client.UploadImage(f.as(c.p), &erv1.UploadImageRequest{EstablishmentId: a.EstablishmentId,
					Filename: "x.png", Content: file.content})
				wantErr(t, err, c.code, c.reason)
			})
		}
	}
}

// Uploads are counted per account in a fixed window of the injected clock, refused
// files included; past the limit the answer is RESOURCE_EXHAUSTED with a declared
// reason, another account of the same establishment keeps its own count, and the next
// window starts afresh.
func TestImages_UploadsRateLimitedPerAccount(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) { c.ImageUploadsPerWindow, c.ImageUploadWindow = 3, time.Hour })
	e := f.registered("acct-a")
	owner := employer(e.EstablishmentId)
	other := authn.Principal{AccountID: "acct-additional", Role: authn.RoleAdditional, EstablishmentID: e.EstablishmentId}
	up := func(p authn.Principal, content []byte) error {
		_, err := f.client.UploadImage(f.as(p), &erv1.UploadImageRequest{EstablishmentId: e.EstablishmentId,
			Filename: "p.png", Content: content})
		return err
	}
	must(0, up(owner, pngBytes(t, 4, 4)))
	wantErr(t, up(owner, []byte("not an image")), codes.InvalidArgument, "IMAGE_FORMAT_UNSUPPORTED")
	must(0, up(owner, pngBytes(t, 4, 4)))
	wantErr(t, up(owner, pngBytes(t, 4, 4)), codes.ResourceExhausted, "IMAGE_UPLOAD_RATE_LIMITED")
	wantErr(t, up(owner, deepPNG16()), codes.ResourceExhausted, "IMAGE_UPLOAD_RATE_LIMITED")
	must(0, up(other, pngBytes(t, 4, 4)))
	f.clk.Advance(time.Hour)
	must(0, up(owner, pngBytes(t, 4, 4)))
}

// Accepted images are re-encoded: the EXIF segment with a GPS position and the bytes
// after the image's end never reach the office or the public.
func TestImages_AcceptedImagesAreReencoded(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	src := stdimage.NewRGBA(stdimage.Rect(0, 0, 32, 16))
	for x := 0; x < 32; x++ {
		src.Set(x, x%16, color.RGBA{R: 200, G: 100, A: 255})
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, src, nil); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPSLatitude 35.6895N GPSLongitude 139.6917E")
	var upload bytes.Buffer
	upload.Write(plain.Bytes()[:2]) // SOI
	upload.Write([]byte{0xff, 0xe1})
	_ = binary.Write(&upload, binary.BigEndian, uint16(len(exif)+2))
	upload.Write(exif)
	upload.Write(plain.Bytes()[2:])
	upload.WriteString("TRAILING-DATA")

	ctx := f.as(employer(e.EstablishmentId))
	img := must(f.client.UploadImage(ctx, &erv1.UploadImageRequest{EstablishmentId: e.EstablishmentId,
		Filename: "front.jpg", DeclaredContentType: "image/jpeg", Content: upload.Bytes()}))
	got := must(f.client.GetImage(f.as(employer(e.EstablishmentId)), &erv1.GetImageRequest{EstablishmentId: e.EstablishmentId,
		ImageId: img.ImageId}))
	for _, leak := range []string{"Exif", "GPS", "TRAILING-DATA"} {
		if bytes.Contains(got.Content, []byte(leak)) {
			t.Errorf("the stored image still holds %q", leak)
		}
	}
	back, err := jpeg.Decode(bytes.NewReader(got.Content))
	if err != nil || back.Bounds().Dx() != 32 || back.Bounds().Dy() != 16 {
		t.Fatalf("stored image: %v, %v", back, err)
	}
	if got.Image.ContentType != "image/jpeg" || got.Image.SizeBytes != int64(len(got.Content)) {
		t.Fatalf("stored image = %v (%d bytes)", got.Image, len(got.Content))
	}
}
