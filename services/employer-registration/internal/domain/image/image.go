// Package image holds the establishment images of IMG-1: at most 10 per
// establishment, each at most 2 MB, JPEG, GIF, PNG or BMP judged by content; published
// only after the office's check, and a replacement goes back to review.
package image

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	stdimage "image"
	_ "image/gif"  // registers GIF for DecodeConfig/Decode
	_ "image/jpeg" // registers JPEG
	_ "image/png"  // registers PNG
	"path"
	"strings"
	"time"

	_ "golang.org/x/image/bmp" // registers BMP

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Limits of IMG-1 and of decoding.
const (
	// MaxFiles per establishment.
	MaxFiles = 10
	// MaxBytes per file: 2 MB read as 2 MiB, the larger reading, so that no file the
	// leaflet allows is refused.
	MaxBytes = 2 * 1024 * 1024
	// MaxSide and MaxPixels bound the dimensions read by DecodeConfig before any pixel
	// is decoded: a small file claiming huge dimensions (a decompression bomb) is
	// refused without allocating its pixels. 24 Mpx at 4 bytes is under 100 MB.
	MaxSide   = 8000
	MaxPixels = 24_000_000
)

// State is the review state.
type State string

// States.
const (
	StatePending   State = "PENDING_REVIEW"
	StatePublished State = "PUBLISHED"
	StateRejected  State = "REJECTED"
)

// Image is one establishment image.
type Image struct {
	ID              string
	EstablishmentID string
	ContentType     string
	Content         []byte
	SizeBytes       int64
	Width, Height   int
	SHA256          string
	Caption         string
	Filename        string
	State           State
	ReviewMessage   string
	ReviewedBy      string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Errors.
var (
	ErrNotFound = errs.New(errs.KindNotFound, "IMAGE_NOT_FOUND", "image not found")
	ErrLimit    = errs.New(errs.KindFailedPrecondition, "IMAGE_LIMIT_REACHED",
		"at most 10 images per establishment").WithRule("IMG-1")
	ErrTooLarge = errs.New(errs.KindInvalidArgument, "IMAGE_TOO_LARGE",
		"an image may have at most 2 MB").WithRule("IMG-1")
	ErrEmpty = errs.New(errs.KindInvalidArgument, "IMAGE_EMPTY",
		"the file is empty").WithRule("IMG-1")
	ErrFormat = errs.New(errs.KindInvalidArgument, "IMAGE_FORMAT_UNSUPPORTED",
		"only JPEG, GIF, PNG and BMP images are accepted").WithRule("IMG-1")
	ErrTypeMismatch = errs.New(errs.KindInvalidArgument, "IMAGE_TYPE_MISMATCH",
		"the file's name or declared type does not match its content").WithRule("IMG-1")
	ErrDimensions = errs.New(errs.KindInvalidArgument, "IMAGE_DIMENSIONS_TOO_LARGE",
		"the image's dimensions are too large").WithRule("IMG-1")
	ErrCorrupt = errs.New(errs.KindInvalidArgument, "IMAGE_CORRUPT",
		"the image cannot be read").WithRule("IMG-1")
	ErrRejectReason = errs.New(errs.KindInvalidArgument, "REVIEW_MESSAGE_REQUIRED",
		"a rejection needs a reason").WithRule("IMG-1")
	ErrNotPending = errs.New(errs.KindFailedPrecondition, "IMAGE_NOT_PENDING",
		"the image is not waiting for review").WithRule("IMG-1")
)

var contentTypes = map[string]string{"jpeg": "image/jpeg", "gif": "image/gif", "png": "image/png", "bmp": "image/bmp"}

var extTypes = map[string]string{".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jpe": "image/jpeg", ".gif": "image/gif",
	".png": "image/png", ".bmp": "image/bmp", ".dib": "image/bmp"}

// Inspected is what Inspect learnt from a file.
type Inspected struct {
	ContentType   string
	Width, Height int
	SHA256        string
}

// Inspect judges an upload by its content (IMG-1): size first, then the format and
// dimensions from the header alone (image.DecodeConfig), and only then a full decode
// that proves the file is a whole image. A file name or declared content type naming
// another image type than the content is refused, so a PNG named .jpg that claims to
// be JPEG never gets through.
func Inspect(content []byte, filename, declaredType string) (Inspected, error) {
	if len(content) == 0 {
		return Inspected{}, ErrEmpty
	}
	if len(content) > MaxBytes {
		return Inspected{}, ErrTooLarge
	}
	cfg, format, err := stdimage.DecodeConfig(bytes.NewReader(content))
	if err != nil {
		return Inspected{}, ErrFormat
	}
	ct, ok := contentTypes[format]
	if !ok {
		return Inspected{}, ErrFormat
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return Inspected{}, ErrDimensions
	}
	if ext := strings.ToLower(path.Ext(filename)); ext != "" {
		if want, known := extTypes[ext]; !known || want != ct {
			return Inspected{}, ErrTypeMismatch
		}
	}
	if dt := normaliseType(declaredType); dt != "" && dt != "application/octet-stream" && dt != ct {
		return Inspected{}, ErrTypeMismatch
	}
	if _, _, err := stdimage.Decode(bytes.NewReader(content)); err != nil {
		return Inspected{}, ErrCorrupt
	}
	sum := sha256.Sum256(content)
	return Inspected{ContentType: ct, Width: cfg.Width, Height: cfg.Height, SHA256: hex.EncodeToString(sum[:])}, nil
}

func normaliseType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "image/jpg", "image/pjpeg":
		return "image/jpeg"
	case "image/x-ms-bmp", "image/x-bmp":
		return "image/bmp"
	}
	return t
}

// New returns a new image waiting for review.
func New(id, establishmentID string, content []byte, in Inspected, caption, filename string, now time.Time) *Image {
	return &Image{ID: id, EstablishmentID: establishmentID, ContentType: in.ContentType, Content: content,
		SizeBytes: int64(len(content)), Width: in.Width, Height: in.Height, SHA256: in.SHA256, Caption: caption,
		Filename: filename, State: StatePending, CreatedAt: now, UpdatedAt: now}
}

// Replace swaps the content; the image goes back to review (IMG-1).
func (i *Image) Replace(content []byte, in Inspected, caption, filename string, now time.Time) {
	i.ContentType, i.Content, i.SizeBytes = in.ContentType, content, int64(len(content))
	i.Width, i.Height, i.SHA256 = in.Width, in.Height, in.SHA256
	if caption != "" {
		i.Caption = caption
	}
	i.Filename = filename
	i.State, i.ReviewMessage, i.ReviewedBy = StatePending, "", ""
	i.UpdatedAt = now
}

// Review publishes or rejects the image.
func (i *Image) Review(approve bool, message, staffID string, now time.Time) error {
	if i.State != StatePending {
		return ErrNotPending
	}
	if approve {
		i.State, i.ReviewMessage = StatePublished, ""
	} else {
		if strings.TrimSpace(message) == "" {
			return ErrRejectReason
		}
		i.State, i.ReviewMessage = StateRejected, strings.TrimSpace(message)
	}
	i.ReviewedBy, i.UpdatedAt = staffID, now
	return nil
}
