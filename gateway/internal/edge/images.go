package edge

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

// images serves the establishment-image routes that grpc-gateway cannot model: a
// multipart upload (IMG-1) forwarded to UploadImage as bytes, and the image content
// from GetImage with its content type and cache headers.
type images struct {
	client    erv1.EmployerRegistrationServiceClient
	mux       *runtime.ServeMux
	marshaler runtime.Marshaler
	annotate  func(r *http.Request) metadata.MD
	maxUpload int64
}

func (im *images) register() error {
	if err := im.mux.HandlePath(http.MethodPost, "/v1/establishments/{establishment_id}/images", im.upload); err != nil {
		return err
	}
	return im.mux.HandlePath(http.MethodGet, "/v1/establishments/{establishment_id}/images/{image_id}/content", im.content)
}

func (im *images) fail(w http.ResponseWriter, r *http.Request, err error) {
	errorHandler(r.Context(), im.mux, im.marshaler, w, r, err)
}

// malformed is the client's broken multipart body (400), unless the body was cut at
// the size limit (413, recognised by errorHandler).
func malformed(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return status.Error(codes.InvalidArgument, "malformed multipart body")
}

func (im *images) upload(w http.ResponseWriter, r *http.Request, params map[string]string) {
	r.Body = http.MaxBytesReader(w, r.Body, im.maxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		im.fail(w, r, status.Error(codes.InvalidArgument, "expected multipart/form-data with a file part"))
		return
	}
	req := &erv1.UploadImageRequest{EstablishmentId: params["establishment_id"]}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			im.fail(w, r, malformed(err))
			return
		}
		// Read one byte past the limit the service enforces so that it, not the
		// gateway, tells the employer the file is too large (IMG-1, 2 MB).
		data, err := io.ReadAll(io.LimitReader(part, im.maxUpload))
		if err != nil {
			im.fail(w, r, malformed(err))
			return
		}
		switch part.FormName() {
		case "file":
			req.Content = data
			// Part headers are client-sent; proto strings must be UTF-8.
			req.Filename = strings.ToValidUTF8(part.FileName(), "\uFFFD")
			req.DeclaredContentType = strings.ToValidUTF8(part.Header.Get("Content-Type"), "\uFFFD")
		case "caption":
			req.Caption = string(data)
		case "replace_image_id":
			req.ReplaceImageId = string(data)
		}
	}
	if !utf8.ValidString(req.Caption) || !utf8.ValidString(req.ReplaceImageId) {
		im.fail(w, r, status.Error(codes.InvalidArgument, "form fields must be UTF-8"))
		return
	}
	ctx := metadata.NewOutgoingContext(r.Context(), im.annotate(r))
	img, err := im.client.UploadImage(ctx, req)
	if err != nil {
		im.fail(w, r, err)
		return
	}
	body, err := im.marshaler.Marshal(img)
	if err != nil {
		im.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (im *images) content(w http.ResponseWriter, r *http.Request, params map[string]string) {
	ctx := metadata.NewOutgoingContext(r.Context(), im.annotate(r))
	resp, err := im.client.GetImage(ctx, &erv1.GetImageRequest{EstablishmentId: params["establishment_id"], ImageId: params["image_id"]})
	if err != nil {
		im.fail(w, r, err)
		return
	}
	img := resp.GetImage()
	etag := `"` + img.GetEtag() + `"`
	h := w.Header()
	h.Set("ETag", etag)
	if img.GetState() == erv1.ImageState_IMAGE_STATE_PUBLISHED {
		// Published images are public (IMG-1: shown to job seekers); revalidate so a
		// replacement shows up within minutes.
		h.Set("Cache-Control", "public, max-age=300, must-revalidate")
	} else {
		h.Set("Cache-Control", "private, no-store") // under review: only its owner and staff
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", img.GetContentType())
	h.Set("Content-Disposition", "inline")
	_, _ = w.Write(resp.GetContent())
}
