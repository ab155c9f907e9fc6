package app

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// Images stores establishment images (IMG-1). Getters return image.ErrNotFound when
// nothing matches.
type Images interface {
	// Get returns an image; with its content only when withContent.
	Get(ctx context.Context, id string, withContent bool) (*image.Image, error)
	Count(ctx context.Context, establishmentID string) (int, error)
	Add(ctx context.Context, i *image.Image) error
	// Update loads the image (without content) under a row lock, runs fn and saves it
	// unless fn fails; content is written only when fn set it.
	Update(ctx context.Context, id string, fn func(*image.Image) error) error
	Delete(ctx context.Context, id string) error
	OfEstablishment(ctx context.Context, establishmentID string) ([]*image.Image, error)
	// PendingOfOffice lists the images of an office's establishments waiting for
	// review, least recently changed first, after the cursor (update time, id).
	PendingOfOffice(ctx context.Context, officeCode string, after Cursor, limit int) ([]*image.Image, error)
}

// UploadImage stores a new image, or replaces one, waiting for review (IMG-1).
type UploadImage struct {
	EstablishmentID string
	Filename        string
	DeclaredType    string
	Content         []byte
	Caption         string
	ReplaceImageID  string
}

// RateLimits counts calls in fixed windows shared by every replica.
type RateLimits interface {
	// Hit counts one call in each bucket's window starting at window and returns the
	// calls of that window so far, this one included, in the order of buckets.
	Hit(ctx context.Context, window time.Time, buckets ...string) ([]int, error)
}

// UploadImage checks the file and stores it; a replacement goes back to review. The
// order bounds what an upload costs (IMG-1, H2): who may upload to the establishment
// first, before any byte of the file is looked at; then the account's upload rate;
// then the header alone, refused when decoding would take more than the budget; then
// the decode and re-encode, under a process-wide cap of concurrent decodes; only the
// re-encoded image (pixels, no EXIF, no trailing data) is stored.
func (a *App) UploadImage(ctx context.Context, cmd UploadImage) (*image.Image, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := a.get(ctx, p, cmd.EstablishmentID)
	if err != nil {
		return nil, err
	}
	if !isOwner(p, e) || !e.AcceptsImages() {
		return nil, establishment.ErrNotFound
	}
	if err := a.limitUploads(ctx, p); err != nil {
		return nil, err
	}
	h, err := image.ReadHeader(cmd.Content, cmd.Filename, cmd.DeclaredType, a.imageLimits)
	if err != nil {
		return nil, err
	}
	release, err := a.decodes.acquire(ctx)
	if err != nil {
		return nil, err
	}
	in, err := image.Reencode(cmd.Content, h)
	release()
	if err != nil {
		return nil, err
	}
	var img *image.Image
	// The establishment's row lock serialises uploads, so the count holds.
	_, err = a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		if !isOwner(p, e) || !e.AcceptsImages() {
			return establishment.ErrNotFound
		}
		now := a.clock.Now()
		if cmd.ReplaceImageID != "" {
			err := a.images.Update(ctx, cmd.ReplaceImageID, func(i *image.Image) error {
				if i.EstablishmentID != e.ID {
					return image.ErrNotFound
				}
				i.Replace(in, cmd.Caption, cmd.Filename, now)
				img = i
				return nil
			})
			if err != nil {
				return notFoundAs(err, image.ErrNotFound)
			}
			return a.ok(ctx, p, "image.replace", e.ID, img.ID, nil)
		}
		n, err := a.images.Count(ctx, e.ID)
		if err != nil {
			return err
		}
		if n >= image.MaxFiles {
			return image.ErrLimit
		}
		img = image.New(a.newID(), e.ID, in, cmd.Caption, cmd.Filename, now)
		if err := a.images.Add(ctx, img); err != nil {
			return err
		}
		return a.ok(ctx, p, "image.upload", e.ID, img.ID, map[string]string{"content_type": in.ContentType})
	})
	if err != nil {
		return nil, err
	}
	return img, nil
}

// limitUploads counts the upload in the account's fixed window of the injected clock,
// in a transaction of its own so that the hit stays counted whatever happens next (a
// refused file counts as much as an accepted one).
func (a *App) limitUploads(ctx context.Context, p authn.Principal) error {
	window := a.clock.Now().UTC().Truncate(a.uploadWindow)
	var n int
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		hits, err := a.rateLimits.Hit(ctx, window, "image-upload:account:"+p.AccountID)
		if err == nil {
			n = hits[0]
		}
		return err
	})
	if err != nil {
		return errs.Internal(err)
	}
	if n > a.uploadsPer {
		return ErrUploadRateLimited
	}
	return nil
}

// notFoundAs turns any NOT_FOUND into target, so that a missing image and an image of
// another establishment get the same answer.
func notFoundAs(err error, target error) error {
	if errs.KindOf(err) == errs.KindNotFound {
		return target
	}
	return err
}

// ListImages lists an establishment's images for its employer or its office's staff.
type ListImages struct{ EstablishmentID string }

// ListImages lists the images.
func (a *App) ListImages(ctx context.Context, q ListImages) ([]*image.Image, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.get(ctx, p, q.EstablishmentID); err != nil {
		return nil, err
	}
	imgs, err := a.images.OfEstablishment(ctx, q.EstablishmentID)
	if err != nil {
		return nil, err
	}
	if err := a.staffRead(ctx, p, "image.list", q.EstablishmentID, "", nil); err != nil {
		return nil, err
	}
	return imgs, nil
}

// GetImage returns an image with its content: employers their own, staff their
// office's, and anyone (no token) a published image.
type GetImage struct{ EstablishmentID, ImageID string }

// GetImage returns the image.
func (a *App) GetImage(ctx context.Context, q GetImage) (*image.Image, error) {
	img, err := a.images.Get(ctx, q.ImageID, true)
	if err != nil || img.EstablishmentID != q.EstablishmentID {
		return nil, image.ErrNotFound
	}
	if img.State == image.StatePublished {
		return img, nil
	}
	p, authenticated := authn.FromContext(ctx)
	if !authenticated {
		return nil, image.ErrNotFound
	}
	if _, err := a.get(ctx, p, q.EstablishmentID); err != nil {
		return nil, image.ErrNotFound
	}
	if err := a.staffRead(ctx, p, "image.read", q.EstablishmentID, img.ID, nil); err != nil {
		return nil, err
	}
	return img, nil
}

// DeleteImage deletes an image of the caller's establishment.
type DeleteImage struct{ EstablishmentID, ImageID string }

// DeleteImage deletes the image.
func (a *App) DeleteImage(ctx context.Context, cmd DeleteImage) error {
	p, err := principal(ctx)
	if err != nil {
		return err
	}
	_, err = a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		img, err := a.images.Get(ctx, cmd.ImageID, false)
		if err != nil || img.EstablishmentID != e.ID {
			return image.ErrNotFound
		}
		if err := a.images.Delete(ctx, img.ID); err != nil {
			return err
		}
		return a.ok(ctx, p, "image.delete", e.ID, img.ID, nil)
	})
	return err
}

// ImageWorklist lists images of the staff's office waiting for review.
type ImageWorklist struct{ Page Page }

// ImagePage is one page of images.
type ImagePage struct {
	Images        []*image.Image
	NextPageToken string
}

// ImageWorklist lists the images waiting for review.
func (a *App) ImageWorklist(ctx context.Context, q ImageWorklist) (ImagePage, error) {
	p, err := principal(ctx)
	if err != nil {
		return ImagePage{}, err
	}
	filter := struct{ List, Office string }{"image_worklist", p.OfficeCode}
	limit, after, err := q.Page.open(filter)
	if err != nil {
		return ImagePage{}, err
	}
	list, err := a.images.PendingOfOffice(ctx, p.OfficeCode, after, limit+1)
	if err != nil {
		return ImagePage{}, err
	}
	var out ImagePage
	out.Images, out.NextPageToken = cut(list, limit, filter, func(i *image.Image) Cursor { return Cursor{At: i.UpdatedAt, ID: i.ID} })
	if err := a.staffRead(ctx, p, "image_worklist.read", "", "", officeList(p, len(out.Images))); err != nil {
		return ImagePage{}, err
	}
	return out, nil
}

// ReviewImage publishes or rejects (with a reason) an image of the staff's office.
type ReviewImage struct {
	ImageID string
	Approve bool
	Message string
}

// ReviewImage decides the review and announces it.
func (a *App) ReviewImage(ctx context.Context, cmd ReviewImage) (*image.Image, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var out *image.Image
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		return a.images.Update(ctx, cmd.ImageID, func(img *image.Image) error {
			e, err := a.get(ctx, p, img.EstablishmentID)
			if err != nil {
				return image.ErrNotFound
			}
			now := a.clock.Now()
			if err := img.Review(cmd.Approve, cmd.Message, p.AccountID, now); err != nil {
				return err
			}
			out = img
			ts := timestamppb.New(now)
			if cmd.Approve {
				if err := a.announce(ctx, e.ID, e.Version, now, &erv1.ImageApproved{EstablishmentId: e.ID, ImageId: img.ID,
					ContentType: img.ContentType, OfficeCode: e.OfficeCode, ApprovedAt: ts}); err != nil {
					return err
				}
				return a.ok(ctx, p, "image.approve", e.ID, img.ID, nil)
			}
			if err := a.announce(ctx, e.ID, e.Version, now, &erv1.ImageRejected{EstablishmentId: e.ID, ImageId: img.ID,
				Message: img.ReviewMessage, OfficeCode: e.OfficeCode, RejectedAt: ts}); err != nil {
				return err
			}
			return a.ok(ctx, p, "image.reject", e.ID, img.ID, nil)
		})
	})
	if err != nil {
		return nil, notFoundAs(err, image.ErrNotFound)
	}
	return out, nil
}
