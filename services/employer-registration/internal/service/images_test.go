package service

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	stdimage "image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := stdimage.NewRGBA(stdimage.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, stdimage.NewGray(stdimage.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPNG is a ~50-byte PNG whose header claims 100,000 × 100,000 pixels.
func bombPNG() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// IMG-1 end to end at the gRPC edge: upload, review, publication, replacement back to
// review, and the refusals the issue names.
func TestImages_UploadReviewPublish(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	emp := f.as(employer(e.EstablishmentId))
	up := func(name, declared string, content []byte) (*erv1.Image, error) {
		return f.client.UploadImage(f.as(employer(e.EstablishmentId)), &erv1.UploadImageRequest{EstablishmentId: e.EstablishmentId,
			Filename: name, DeclaredContentType: declared, Content: content, Caption: "外観"})
	}
	img := must(up("front.png", "image/png", pngBytes(t, 64, 48)))
	if img.ContentType != "image/png" || img.Width != 64 || img.State != erv1.ImageState_IMAGE_STATE_PENDING_REVIEW {
		t.Fatalf("uploaded = %v", img)
	}
	// Not public before review.
	_, err := f.client.GetImage(metadata.NewOutgoingContext(emp, metadata.MD{}), &erv1.GetImageRequest{EstablishmentId: e.EstablishmentId, ImageId: img.ImageId})
	wantErr(t, err, codes.NotFound, "IMAGE_NOT_FOUND")
	wl := must(f.client.ListImageWorklist(f.as(staff1301), &erv1.ListImageWorklistRequest{}))
	if len(wl.Images) != 1 {
		t.Fatalf("image worklist = %v", wl)
	}
	must(f.client.ReviewImage(f.as(staff1301), &erv1.ReviewImageRequest{ImageId: img.ImageId, Approve: true}))
	var approved erv1.ImageApproved
	f.lastEvent(&approved)
	if approved.ImageId != img.ImageId {
		t.Errorf("ImageApproved = %v", &approved)
	}
	got := must(f.client.GetImage(metadata.NewOutgoingContext(emp, metadata.MD{}), &erv1.GetImageRequest{EstablishmentId: e.EstablishmentId, ImageId: img.ImageId}))
	if got.Image.ContentType != "image/png" || len(got.Content) == 0 || got.Image.Etag == "" {
		t.Fatalf("public image = %v", got.Image)
	}
	// A replacement goes back to review.
	rep := must(f.client.UploadImage(emp, &erv1.UploadImageRequest{EstablishmentId: e.EstablishmentId, Filename: "front.jpg",
		Content: jpegBytes(t), ReplaceImageId: img.ImageId}))
	if rep.ImageId != img.ImageId || rep.State != erv1.ImageState_IMAGE_STATE_PENDING_REVIEW || rep.ContentType != "image/jpeg" {
		t.Fatalf("replacement = %v", rep)
	}
	_, err = f.client.ReviewImage(f.as(staff1301), &erv1.ReviewImageRequest{ImageId: img.ImageId, Approve: false})
	wantErr(t, err, codes.InvalidArgument, "REVIEW_MESSAGE_REQUIRED")
	must(f.client.ReviewImage(f.as(staff1301), &erv1.ReviewImageRequest{ImageId: img.ImageId, Approve: false, Message: "個人が写っています。"}))
	var rejected erv1.ImageRejected
	f.lastEvent(&rejected)
	if rejected.Message != "個人が写っています。" {
		t.Errorf("ImageRejected = %v", &rejected)
	}

	refusals := []struct {
		name, file, declared string
		content              []byte
		reason               string
	}{
		{"2 MB plus one byte", "big.png", "", append(pngBytes(t, 8, 8), make([]byte, 2*1024*1024+1-len(pngBytes(t, 8, 8)))...), "IMAGE_TOO_LARGE"},
		{"PNG named .jpg claiming JPEG", "photo.jpg", "image/jpeg", pngBytes(t, 8, 8), "IMAGE_TYPE_MISMATCH"},
		{"decompression bomb", "bomb.png", "image/png", bombPNG(), "IMAGE_DIMENSIONS_TOO_LARGE"},
		{"not an image", "doc.png", "", []byte("%PDF-1.7 not an image"), "IMAGE_FORMAT_UNSUPPORTED"},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			_, err := up(r.file, r.declared, r.content)
			wantErr(t, err, codes.InvalidArgument, r.reason)
		})
	}
	// Exactly 2 MiB is accepted... as long as it is a real image: a padded PNG still decodes.
	exact := pngBytes(t, 8, 8)
	exact = append(exact, make([]byte, 2*1024*1024-len(exact))...)
	must(up("exact.png", "", exact))
	// 10 images at most.
	for i := 2; i < 10; i++ {
		must(up("p.png", "", pngBytes(t, 4, 4)))
	}
	_, err = up("eleventh.png", "", pngBytes(t, 4, 4))
	wantErr(t, err, codes.FailedPrecondition, "IMAGE_LIMIT_REACHED")
	if l := must(f.client.ListImages(emp, &erv1.ListImagesRequest{EstablishmentId: e.EstablishmentId})); len(l.Images) != 10 {
		t.Fatalf("images = %d", len(l.Images))
	}
	must(f.client.DeleteImage(emp, &erv1.DeleteImageRequest{EstablishmentId: e.EstablishmentId, ImageId: img.ImageId}))
	must(up("again.png", "", pngBytes(t, 4, 4)))
}

// IMG-1 under concurrency: the establishment's row lock serialises uploads, so twelve
// simultaneous uploads store exactly ten images and refuse two.
func TestImages_ConcurrentUploadsKeepTheLimit(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	content := pngBytes(t, 4, 4)
	errs := make(chan error, 12)
	ctx := f.as(employer(e.EstablishmentId))
	for i := 0; i < 12; i++ {
		go func() {
			_, err := f.client.UploadImage(ctx, &erv1.UploadImageRequest{EstablishmentId: e.EstablishmentId,
				Filename: "p.png", Content: content})
			errs <- err
		}()
	}
	refused := 0
	for i := 0; i < 12; i++ {
		if err := <-errs; err != nil {
			wantErr(t, err, codes.FailedPrecondition, "IMAGE_LIMIT_REACHED")
			refused++
		}
	}
	if l := must(f.client.ListImages(f.as(employer(e.EstablishmentId)), &erv1.ListImagesRequest{EstablishmentId: e.EstablishmentId})); len(l.Images) != 10 || refused != 2 {
		t.Fatalf("%d images stored, %d uploads refused", len(l.Images), refused)
	}
}
