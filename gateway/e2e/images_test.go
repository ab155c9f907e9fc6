package e2e_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color/palette"
	"image/gif"
	"strings"
	"testing"
)

// TestE2E_Images covers IMG-1 through the gateway's multipart upload and content route:
// upload → pending (only the owner and the office see it) → staff review → published,
// served to anyone with its content type and cache headers; refused: a file of 2 MB + 1
// byte, a PNG named .jpg and declared image/jpeg, an 11th image, and a decompression
// bomb (a small PNG claiming huge dimensions). Refusals change nothing.
func TestE2E_Images(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	p := open2(t, w, "テスト商事 IMAGES", "03-4444-5555")
	owner := p.employer
	staff := w.staffOf(t, "1301")
	anonymous := newBrowser(t, w.st, "anonymous")
	base := "/v1/establishments/" + p.establishmentID + "/images"

	photo := pngImage(t, 320, 200)
	r := must2xx(t, owner.upload(base, "gaikan.png", "image/png", photo, map[string]string{"caption": "外観"}))
	imgID := r.str(t, "image_id")
	if r.str(t, "state") != "IMAGE_STATE_PENDING_REVIEW" || r.str(t, "content_type") != "image/png" ||
		r.str(t, "width") != "320" || r.str(t, "height") != "200" {
		t.Fatalf("uploaded image: %s", r)
	}
	content := base + "/" + imgID + "/content"
	// Under review: its owner sees it (never cached publicly); anyone else does not.
	r = must2xx(t, owner.get(content))
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("an image under review must not be cached: Cache-Control %q", cc)
	}
	if r := anonymous.get(content); r.Code != 404 {
		t.Fatalf("an image under review is served to anyone: %s", r)
	}

	// Office review → published.
	if r := must2xx(t, staff.get("/v1/staff/images")); !strings.Contains(string(r.Body), imgID) {
		t.Fatalf("the image is not in its office's review list: %s", r)
	}
	other := w.staffOf(t, "1306")
	if r := must2xx(t, other.get("/v1/staff/images")); strings.Contains(string(r.Body), imgID) {
		t.Fatalf("another office's staff see the image: %s", r)
	}
	if r := other.post("/v1/staff/images/"+imgID+":review", map[string]any{"approve": true}); r.Code < 400 {
		t.Fatalf("another office's staff published the image: %s", r)
	}
	r = must2xx(t, staff.post("/v1/staff/images/"+imgID+":review", map[string]any{"approve": true}))
	if r.str(t, "state") != "IMAGE_STATE_PUBLISHED" {
		t.Fatalf("reviewed image: %s", r)
	}
	for _, b := range []*browser{owner, anonymous} {
		r := must2xx(t, b.get(content))
		if ct := r.Header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("served with Content-Type %q, want image/png", ct)
		}
		if !bytes.Equal(r.Body, photo) {
			t.Errorf("served %d bytes that differ from the %d uploaded", len(r.Body), len(photo))
		}
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "public") || r.Header.Get("ETag") == "" {
			t.Errorf("a published image is cacheable with a validator: Cache-Control %q, ETag %q", cc, r.Header.Get("ETag"))
		}
		if nosniff := r.Header.Get("X-Content-Type-Options"); nosniff != "nosniff" {
			t.Errorf("X-Content-Type-Options %q", nosniff)
		}
	}

	// Refusals, each with its reason; none of them is stored.
	tooBig := append(pngImage(t, 16, 16), make([]byte, 0)...)
	tooBig = append(tooBig, bytes.Repeat([]byte{0}, 2*1024*1024+1-len(tooBig))...)
	cases := []struct {
		name, filename, contentType string
		data                        []byte
		reason                      string
	}{
		{"2 MB plus one byte", "big.png", "image/png", tooBig, "IMAGE_TOO_LARGE"},
		{"PNG named .jpg declared JPEG", "photo.jpg", "image/jpeg", pngImage(t, 40, 30), "IMAGE_TYPE_MISMATCH"},
		{"decompression bomb", "bomb.png", "image/png", pngBomb(100_000, 100_000), "IMAGE_DIMENSIONS_TOO_LARGE"},
		{"not an image", "notes.png", "image/png", []byte("just text, not a picture"), "IMAGE_FORMAT_UNSUPPORTED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, owner.in(t).upload(base, c.filename, c.contentType, c.data, nil), 400, c.reason)
		})
	}
	if n := len(must2xx(t, owner.get(base)).obj(t)["images"].([]any)); n != 1 {
		t.Fatalf("refused uploads were stored: %d images", n)
	}

	// IMG-1: at most 10 images (JPEG, GIF and PNG judged by content); the 11th is refused.
	for i := 2; i <= 10; i++ {
		var data []byte
		name, ct := fmt.Sprintf("img%02d", i), ""
		switch i % 3 {
		case 0:
			data, name, ct = jpegImage(t, 50+i, 40), name+".jpg", "image/jpeg"
		case 1:
			data, name, ct = gifImage(t, 30+i, 20), name+".gif", "image/gif"
		default:
			data, name, ct = pngImage(t, 60+i, 40), name+".png", "image/png"
		}
		r := must2xx(t, owner.upload(base, name, ct, data, nil))
		if r.str(t, "content_type") != ct {
			t.Fatalf("%s judged as %s", name, r.str(t, "content_type"))
		}
	}
	wantError(t, owner.upload(base, "eleventh.png", "image/png", pngImage(t, 10, 10), nil), 400, "IMAGE_LIMIT_REACHED")
	if n := len(must2xx(t, owner.get(base)).obj(t)["images"].([]any)); n != 10 {
		t.Fatalf("%d images stored, want 10", n)
	}
	// Another establishment cannot upload to this one.
	q := open2(t, w, "テスト商事 IMAGES 2", "03-4444-6666")
	if r := q.employer.upload(base, "x.png", "image/png", pngImage(t, 10, 10), nil); r.Code < 400 {
		t.Fatalf("another establishment uploaded to ours: %s", r)
	}
}

// pngBomb is a valid-looking PNG header whose IHDR claims w×h pixels, followed by a
// tiny IDAT: a few hundred bytes that would decode into gigabytes.
func pngBomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.Write([]byte("\x89PNG\r\n\x1a\n"))
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// gifImage encodes a w×h GIF.
func gifImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 200)
	}
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
