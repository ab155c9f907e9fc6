package image

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	stdimage "image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"sync"
	"testing"
)

// pngChunk appends one PNG chunk (length, type, data, CRC) to b.
func pngChunk(b *bytes.Buffer, typ string, data []byte) {
	_ = binary.Write(b, binary.BigEndian, uint32(len(data)))
	body := append([]byte(typ), data...)
	b.Write(body)
	_ = binary.Write(b, binary.BigEndian, crc32.ChecksumIEEE(body))
}

// deepPNG is a whole, valid PNG of w × h black 16-bit RGBA pixels (colour type 6, bit
// depth 16): 8 bytes a pixel once decoded. Its zlib stream of zero rows compresses
// about 1,000 to one, so 8000 × 3000 is a 186 KB file that decodes to 183 MiB.
func deepPNG(w, h int, interlace byte) []byte {
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression) // writes to a bytes.Buffer cannot fail
	row := make([]byte, 1+w*8)                                // filter byte 0, then the samples
	for y := 0; y < h; y++ {
		_, _ = zw.Write(row)
	}
	_ = zw.Close()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = 16, 6, interlace
	pngChunk(&b, "IHDR", ihdr)
	pngChunk(&b, "IDAT", idat.Bytes())
	pngChunk(&b, "IEND", nil)
	return b.Bytes()
}

var bigDeepPNG = sync.OnceValue(func() []byte { return deepPNG(8000, 3000, 0) })

// allocated returns the bytes the Go heap allocated while fn ran.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// IMG-1 (H2): the 186 KB 8000 × 3000 16-bit PNG of the review is within MaxSide and
// MaxPixels, yet decoding it takes 183 MiB; the header alone refuses it, and reading
// the header allocates a few kilobytes.
func TestReadHeader_RefusesADeepPNGFromItsHeaderWithBoundedAllocation(t *testing.T) {
	content := bigDeepPNG()
	if len(content) > 250_000 {
		t.Fatalf("the test PNG has %d bytes; the finding's has 186 KB", len(content))
	}
	var err error
	n := allocated(func() { _, err = ReadHeader(content, "deep.png", "image/png", Limits{}) })
	if !errors.Is(err, ErrDecodedTooLarge) {
		t.Fatalf("ReadHeader = %v, want %v", err, ErrDecodedTooLarge)
	}
	if n > 1<<20 {
		t.Fatalf("refusing the PNG allocated %d bytes; want under 1 MiB", n)
	}
	t.Logf("%d-byte PNG refused after %d bytes allocated", len(content), n)
}

// IMG-1: the estimate is pixels × bytes per decoded pixel, from the header only.
func TestReadHeader_EstimatesDecodedBytes(t *testing.T) {
	gray := func(w, h int) []byte {
		var b bytes.Buffer
		_ = png.Encode(&b, stdimage.NewGray(stdimage.Rect(0, 0, w, h)))
		return b.Bytes()
	}
	rgba16 := func(w, h int) []byte {
		var b bytes.Buffer
		_ = png.Encode(&b, stdimage.NewNRGBA64(stdimage.Rect(0, 0, w, h)))
		return b.Bytes()
	}
	baseline := encode(t, "jpeg", 100, 50)
	progressive := bytes.Clone(baseline)
	for i := 2; i+1 < len(progressive); i++ { // turn SOF0 into SOF2: only the header is read
		if progressive[i] == 0xff && progressive[i+1] == 0xc0 {
			progressive[i+1] = 0xc2
			break
		}
	}
	cases := []struct {
		name    string
		content []byte
		want    int64
	}{
		{"8-bit grey PNG", gray(100, 50), 5000},
		{"16-bit RGBA PNG", rgba16(100, 50), 40000},
		{"interlaced 16-bit RGBA PNG", deepPNG(100, 50, 1), 80000},
		{"8-bit RGBA PNG", encode(t, "png", 100, 50), 20000},
		{"baseline YCbCr JPEG", baseline, 15000},
		{"progressive YCbCr JPEG", progressive, 15000 + 60000},
		{"GIF", encode(t, "gif", 100, 50), 5000},
		{"BMP", encode(t, "bmp", 100, 50), 20000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := ReadHeader(c.content, "", "", Limits{})
			if err != nil || h.DecodedBytes != c.want {
				t.Fatalf("DecodedBytes = %d, %v; want %d", h.DecodedBytes, err, c.want)
			}
			if _, err := ReadHeader(c.content, "", "", Limits{MaxDecodedBytes: c.want - 1}); !errors.Is(err, ErrDecodedTooLarge) {
				t.Fatalf("one byte over the budget: %v", err)
			}
		})
	}
}

// jpegWithEXIFAndTrailer is a JPEG with an APP1 Exif segment naming a GPS position
// right after SOI, and bytes after EOI.
func jpegWithEXIFAndTrailer(t *testing.T) []byte {
	t.Helper()
	img := stdimage.NewRGBA(stdimage.Rect(0, 0, 32, 16))
	for x := 0; x < 32; x++ {
		img.Set(x, x%16, color.RGBA{R: 200, G: 100, A: 255})
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPSLatitude 35.6895N GPSLongitude 139.6917E")
	var b bytes.Buffer
	b.Write(plain.Bytes()[:2])
	b.Write([]byte{0xff, 0xe1})
	_ = binary.Write(&b, binary.BigEndian, uint16(len(exif)+2))
	b.Write(exif)
	b.Write(plain.Bytes()[2:])
	b.WriteString("TRAILING-DATA: a zip archive could hide here")
	return b.Bytes()
}

// phoneJPEG is a JPEG as a phone writes it: a little-endian EXIF segment with IFD0
// holding Orientation 6 (rotate 90° clockwise to view) and a pointer to a GPS IFD with
// the position, then the image, then trailing bytes.
func phoneJPEG(t *testing.T) []byte {
	t.Helper()
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, stdimage.NewGray(stdimage.Rect(0, 0, 24, 8)), nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	tiff := []byte("II\x2a\x00\x08\x00\x00\x00")
	tiff = le.AppendUint16(tiff, 2)                                              // IFD0: two entries
	tiff = append(le.AppendUint16(le.AppendUint16(tiff, 0x8825), 4), 1, 0, 0, 0) // GPS IFD pointer, LONG, 1
	tiff = le.AppendUint32(tiff, 38)                                             // at offset 38
	tiff = append(le.AppendUint16(le.AppendUint16(tiff, 0x0112), 3), 1, 0, 0, 0) // Orientation, SHORT, 1
	tiff = append(le.AppendUint16(tiff, 6), 0, 0)
	tiff = le.AppendUint32(tiff, 0) // no next IFD
	tiff = append(tiff, "GPSLatitude 35.6895N GPSLongitude 139.6917E"...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	var b bytes.Buffer
	b.Write(plain.Bytes()[:2])
	b.Write([]byte{0xff, 0xe1})
	_ = binary.Write(&b, binary.BigEndian, uint16(len(seg)+2))
	b.Write(seg)
	b.Write(plain.Bytes()[2:])
	b.WriteString("TRAILING-DATA")
	return b.Bytes()
}

// The EXIF Orientation is the one tag a re-encoded JPEG keeps, alone, so that a phone
// photo still displays upright; the GPS position and the trailer are gone.
func TestReencode_KeepsOnlyTheOrientation(t *testing.T) {
	upload := phoneJPEG(t)
	if o := jpegOrientation(upload); o != 6 {
		t.Fatalf("the test photo's orientation reads as %d", o)
	}
	in, err := Inspect(upload, "photo.jpg", "image/jpeg", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if o := jpegOrientation(in.Content); o != 6 {
		t.Errorf("re-encoded orientation %d, want 6", o)
	}
	for _, leak := range []string{"GPS", "TRAILING-DATA"} {
		if bytes.Contains(in.Content, []byte(leak)) {
			t.Errorf("re-encoded image still holds %q", leak)
		}
	}
	if back, err := jpeg.Decode(bytes.NewReader(in.Content)); err != nil || back.Bounds().Dx() != 24 {
		t.Fatalf("re-encoded image: %v", err)
	}
}

// IMG-1 (H2): accepted images are re-encoded, so EXIF (GPS location), text chunks and
// trailing data do not reach the office or the public.
func TestReencode_StripsMetadataAndTrailingData(t *testing.T) {
	var textPNG bytes.Buffer
	plain := encode(t, "png", 8, 4)
	textPNG.Write(plain[:33]) // signature + IHDR
	pngChunk(&textPNG, "tEXt", []byte("GPSPosition\x0035.6895 N, 139.6917 E"))
	textPNG.Write(plain[33:])
	textPNG.WriteString("TRAILING-DATA")

	cases := []struct {
		name, file, ct string
		content        []byte
	}{
		{"JPEG with EXIF GPS and trailer", "a.jpg", "image/jpeg", jpegWithEXIFAndTrailer(t)},
		{"PNG with a text chunk and trailer", "a.png", "image/png", textPNG.Bytes()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, err := Inspect(c.content, c.file, "", Limits{})
			if err != nil {
				t.Fatal(err)
			}
			for _, leak := range []string{"Exif", "GPS", "TRAILING-DATA", "tEXt"} {
				if bytes.Contains(in.Content, []byte(leak)) {
					t.Errorf("re-encoded image still holds %q", leak)
				}
			}
			if in.ContentType != c.ct {
				t.Errorf("content type %s, want %s", in.ContentType, c.ct)
			}
			back, format, err := stdimage.Decode(bytes.NewReader(in.Content))
			if err != nil || contentTypes[format] != c.ct || back.Bounds() != stdimage.Rect(0, 0, in.Width, in.Height) {
				t.Fatalf("re-encoded image: %s %v %v", format, back.Bounds(), err)
			}
		})
	}
}
