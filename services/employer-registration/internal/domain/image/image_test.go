package image

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	stdimage "image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

func encode(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := stdimage.NewRGBA(stdimage.Rect(0, 0, w, h))
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	case "bmp":
		err = bmp.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk := append([]byte("IHDR"), ihdr...)
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// IMG-1: type by content, size ≤ 2 MB, bounded dimensions before decoding.
func TestInspect_JudgesByContent(t *testing.T) {
	for _, f := range []struct{ format, name, ct string }{
		{"png", "a.png", "image/png"}, {"jpeg", "a.JPG", "image/jpeg"}, {"gif", "a.gif", "image/gif"}, {"bmp", "a.bmp", "image/bmp"}, {"png", "", "image/png"},
	} {
		in, err := Inspect(encode(t, f.format, 10, 5), f.name, "", Limits{})
		if err != nil || in.ContentType != f.ct || in.Width != 10 || in.Height != 5 {
			t.Errorf("%s: %+v, %v", f.format, in, err)
		}
	}
	png8 := encode(t, "png", 8, 8)
	cases := []struct {
		name, file, declared string
		content              []byte
		want                 error
	}{
		{"empty", "a.png", "", nil, ErrEmpty},
		{"2 MiB + 1", "a.png", "", append(append([]byte{}, png8...), make([]byte, MaxBytes+1-len(png8))...), ErrTooLarge},
		{"png named jpg", "a.jpg", "", png8, ErrTypeMismatch},
		{"png declared jpeg", "a", "image/jpeg", png8, ErrTypeMismatch},
		{"png named .exe", "a.exe", "", png8, ErrTypeMismatch},
		{"bomb", "a.png", "", pngHeader(100000, 100000), ErrDimensions},
		{"too many pixels", "a.png", "", pngHeader(8000, 8000), ErrDimensions},
		{"truncated", "a.png", "", png8[:len(png8)-20], ErrCorrupt},
		{"svg", "a.svg", "", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), ErrFormat},
		{"webp-ish", "a.webp", "", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Inspect(c.content, c.file, c.declared, Limits{}); !errors.Is(err, c.want) {
				t.Fatalf("Inspect = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := Inspect(png8, "a.png", "image/png; charset=binary", Limits{}); err != nil {
		t.Errorf("declared type with parameters: %v", err)
	}
}

var zero = time.Time{}

func TestImage_ReplacementGoesBackToReview(t *testing.T) {
	in, _ := Inspect(encode(t, "png", 4, 4), "a.png", "", Limits{})
	i := New("i", "e", in, "外観", "a.png", zero)
	if err := i.Review(true, "", "staff", zero); err != nil || i.State != StatePublished {
		t.Fatal(err)
	}
	if err := i.Review(true, "", "staff", zero); err == nil {
		t.Fatal("reviewed twice")
	}
	i.Replace(in, "", "b.png", zero)
	if i.State != StatePending || i.Caption != "外観" {
		t.Fatalf("after replace: %+v", i)
	}
	if err := i.Review(false, "  ", "staff", zero); !errors.Is(err, ErrRejectReason) {
		t.Fatalf("reject without reason: %v", err)
	}
}
