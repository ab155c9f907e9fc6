// Package image holds the establishment images of IMG-1: at most 10 per
// establishment, each at most 2 MB, JPEG, GIF, PNG or BMP judged by content; published
// only after the office's check, and a replacement goes back to review.
package image

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	stdimage "image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path"
	"strings"
	"time"

	"golang.org/x/image/bmp"

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
	// refused without allocating its pixels.
	MaxSide   = 8000
	MaxPixels = 24_000_000
	// DefaultMaxDecodedBytes is the default budget of one decode (Limits): a 12 Mpx
	// RGBA PNG or a 16 Mpx baseline JPEG fits, a 24 Mpx 16-bit PNG (183 MiB) does not.
	DefaultMaxDecodedBytes = 64 << 20
	// JPEGQuality of the re-encoded JPEG: visually lossless for photographs.
	JPEGQuality = 90
)

// Limits bound the memory of one image's decoding. The zero value means the defaults.
type Limits struct {
	// MaxDecodedBytes is the most the decoder may allocate for the pixels of one image,
	// estimated from the header alone (Header.DecodedBytes).
	MaxDecodedBytes int64
}

func (l Limits) maxDecodedBytes() int64 {
	if l.MaxDecodedBytes <= 0 {
		return DefaultMaxDecodedBytes
	}
	return l.MaxDecodedBytes
}

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
	ErrDecodedTooLarge = errs.New(errs.KindInvalidArgument, "IMAGE_DECODED_TOO_LARGE",
		"decoding the image would take more memory than allowed").WithRule("IMG-1")
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

// Header is what the header of an upload tells before any pixel is decoded.
type Header struct {
	ContentType   string
	Width, Height int
	// DecodedBytes is the estimate of what decoding allocates for the pixels: pixels ×
	// bytes per pixel as the decoder stores them (bit depth × channels of its in-memory
	// image: a 16-bit RGBA PNG takes 8 bytes a pixel), doubled for an interlaced PNG
	// (the passes are decoded apart, then merged), plus the coefficients of a
	// progressive JPEG (4 bytes per pixel and component) and the converted copy of an
	// RGB or CMYK JPEG. It errs on the high side.
	DecodedBytes int64
	format       string
	// orientation is a JPEG's EXIF Orientation (1 to 8; 1 when absent), the one piece
	// of metadata the re-encoded file keeps so that phone photos display upright.
	orientation int
}

// ReadHeader judges an upload from its bytes without decoding a pixel (IMG-1): size,
// then the format and dimensions from the header alone (image.DecodeConfig), the file
// name and declared type against the content, and the memory the decoding would take
// against lim. A file name or declared content type naming another image type than
// the content is refused, so a PNG named .jpg that claims to be JPEG never gets
// through; a small file claiming huge dimensions or a deep colour format (a
// decompression bomb) is refused before its pixels are allocated.
func ReadHeader(content []byte, filename, declaredType string, lim Limits) (Header, error) {
	if len(content) == 0 {
		return Header{}, ErrEmpty
	}
	if len(content) > MaxBytes {
		return Header{}, ErrTooLarge
	}
	cfg, format, err := stdimage.DecodeConfig(bytes.NewReader(content))
	if err != nil {
		return Header{}, ErrFormat
	}
	ct, ok := contentTypes[format]
	if !ok {
		return Header{}, ErrFormat
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return Header{}, ErrDimensions
	}
	if ext := strings.ToLower(path.Ext(filename)); ext != "" {
		if want, known := extTypes[ext]; !known || want != ct {
			return Header{}, ErrTypeMismatch
		}
	}
	if dt := normaliseType(declaredType); dt != "" && dt != "application/octet-stream" && dt != ct {
		return Header{}, ErrTypeMismatch
	}
	h := Header{ContentType: ct, Width: cfg.Width, Height: cfg.Height, format: format, orientation: 1}
	if format == "jpeg" {
		h.orientation = jpegOrientation(content)
	}
	h.DecodedBytes = decodedBytes(format, cfg, content)
	if h.DecodedBytes > lim.maxDecodedBytes() {
		return Header{}, ErrDecodedTooLarge
	}
	return h, nil
}

// Inspected is an accepted image: re-encoded content and what it holds.
type Inspected struct {
	ContentType   string
	Width, Height int
	SHA256        string
	// Content is the re-encoded file: same format, pixels only.
	Content []byte
}

// Reencode decodes the upload whose header h was read by ReadHeader, proving it is a
// whole image, and encodes its pixels again in the same format (JPEG at JPEGQuality).
// Only pixels survive: trailing data after the image, EXIF (GPS location, camera
// serial), XMP, ICC profiles, PNG text chunks and GIF comments are dropped, and an
// animated GIF keeps its first frame. A JPEG's EXIF Orientation other than 1 is
// written back alone (an EXIF segment with that one tag), so that viewers still turn
// the photo upright without the pixels being rotated here. Callers bound how many run at once: each
// allocates up to h.DecodedBytes.
func Reencode(content []byte, h Header) (Inspected, error) {
	var img stdimage.Image
	var err error
	r := bytes.NewReader(content)
	switch h.format {
	case "png":
		img, err = png.Decode(r)
	case "jpeg":
		img, err = jpeg.Decode(r)
	case "gif":
		img, err = gif.Decode(r)
	case "bmp":
		img, err = bmp.Decode(r)
	default:
		return Inspected{}, ErrFormat
	}
	if err != nil {
		return Inspected{}, ErrCorrupt
	}
	// A GIF's first frame may cover part of its logical screen (the decoder checks it
	// lies within); every other format decodes to exactly its header's dimensions.
	if b := img.Bounds(); h.format != "gif" && (b.Dx() != h.Width || b.Dy() != h.Height) {
		return Inspected{}, ErrCorrupt
	}
	var out bytes.Buffer
	switch h.format {
	case "png":
		err = png.Encode(&out, img)
	case "jpeg":
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: JPEGQuality})
	case "gif":
		err = gif.Encode(&out, img, nil)
	case "bmp":
		err = bmp.Encode(&out, img)
	}
	if err != nil {
		return Inspected{}, ErrCorrupt.Wrap(err)
	}
	stored := out.Bytes()
	if h.format == "jpeg" && h.orientation != 1 {
		stored = withOrientation(stored, h.orientation)
	}
	sum := sha256.Sum256(stored)
	return Inspected{ContentType: h.ContentType, Width: h.Width, Height: h.Height, SHA256: hex.EncodeToString(sum[:]),
		Content: stored}, nil
}

// Inspect is ReadHeader then Reencode, for callers that need no bound on concurrent
// decodes (tests, tools).
func Inspect(content []byte, filename, declaredType string, lim Limits) (Inspected, error) {
	h, err := ReadHeader(content, filename, declaredType, lim)
	if err != nil {
		return Inspected{}, err
	}
	return Reencode(content, h)
}

// jpegOrientation reads the Orientation tag (0x0112) of IFD0 in a JPEG's EXIF segment
// (APP1 "Exif\0\0", then a TIFF header); 1 when there is none or it cannot be read.
func jpegOrientation(content []byte) int {
	for i := 2; i+4 <= len(content); {
		if content[i] != 0xff {
			return 1
		}
		marker := content[i+1]
		if marker == 0xff {
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image: no EXIF before
			return 1
		}
		n := int(content[i+2])<<8 | int(content[i+3])
		if n < 2 || i+2+n > len(content) {
			return 1
		}
		if seg := content[i+4 : i+2+n]; marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	entries := int(bo.Uint16(t[ifd:]))
	for k := 0; k < entries; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 { // Orientation, SHORT
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// withOrientation inserts after a JPEG's SOI an EXIF segment holding only IFD0 with the
// Orientation tag.
func withOrientation(jpg []byte, o int) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation, SHORT, count 1, value
		0, 0, 0, 0} // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := make([]byte, 0, len(jpg)+4+len(seg))
	out = append(out, jpg[:2]...)
	out = append(out, 0xff, 0xe1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// decodedBytes estimates what the standard decoders allocate for the pixels of an
// image with header cfg (see Header.DecodedBytes).
func decodedBytes(format string, cfg stdimage.Config, content []byte) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	switch format {
	case "png":
		n := px * bytesPerPixel(cfg.ColorModel)
		if pngInterlaced(content) {
			n *= 2
		}
		return n
	case "jpeg":
		comps, progressive := jpegFrame(content)
		n := px * int64(comps)
		switch cfg.ColorModel {
		case color.RGBAModel, color.CMYKModel:
			n += px * 4 // the planes are converted into a second, interleaved image
		}
		if progressive {
			n += px * int64(comps) * 4 // int32 DCT coefficients of every block, kept until the end
		}
		return n
	case "gif":
		return px // the first frame, paletted, within the logical screen
	default:
		return px * bytesPerPixel(cfg.ColorModel)
	}
}

// bytesPerPixel is the size of one pixel of the in-memory image the decoders return
// for a colour model; 8 (the widest) for a model it does not know.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.NYCbCrAModel, color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// pngInterlaced reads the interlace method of the IHDR chunk (byte 12 of its data),
// which DecodeConfig has already checked to be the first chunk.
func pngInterlaced(content []byte) bool {
	const ihdrData = 8 + 4 + 4 // signature, length, type
	return len(content) > ihdrData+12 && content[ihdrData+12] != 0
}

// jpegFrame walks the JPEG segments up to the frame header (SOFn) and returns its
// number of components and whether it is progressive (SOF2). DecodeConfig has read
// the same header, so a malformed one only makes the estimate conservative.
func jpegFrame(content []byte) (comps int, progressive bool) {
	for i := 2; i+4 <= len(content); {
		if content[i] != 0xff {
			break
		}
		marker := content[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		n := int(content[i+2])<<8 | int(content[i+3])
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			if i+9 < len(content) {
				return int(content[i+9]), marker == 0xc2
			}
			break
		}
		i += 2 + n
	}
	return 4, true
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
func New(id, establishmentID string, in Inspected, caption, filename string, now time.Time) *Image {
	return &Image{ID: id, EstablishmentID: establishmentID, ContentType: in.ContentType, Content: in.Content,
		SizeBytes: int64(len(in.Content)), Width: in.Width, Height: in.Height, SHA256: in.SHA256, Caption: caption,
		Filename: filename, State: StatePending, CreatedAt: now, UpdatedAt: now}
}

// Replace swaps the content; the image goes back to review (IMG-1).
func (i *Image) Replace(in Inspected, caption, filename string, now time.Time) {
	i.ContentType, i.Content, i.SizeBytes = in.ContentType, in.Content, int64(len(in.Content))
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
