package app

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// Upload is an image upload (IMG-1).
type Upload struct {
	EstablishmentID string
	Filename        string
	DeclaredType    string
	Content         []byte
	Caption         string
	ReplaceImageID  string
}

// employerOwns: the employer accounts of a registered establishment, and the
// provisional owner during OPEN-1 (section 6 画像情報 of the wizard).
func employerOwns(p authn.Principal, e *establishment.Establishment) bool {
	return (p.Role.IsEmployer() || p.Role == authn.RoleProvisional) && canSee(p, e)
}

// UploadImage stores a new image, or replaces one, waiting for review (IMG-1).
func (s *Service) UploadImage(ctx context.Context, u Upload) (*image.Image, error) {
	p, err := requireRole(ctx, authn.RolePrimary, authn.RoleAdditional, authn.RoleProvisional)
	if err != nil {
		return nil, err
	}
	in, err := image.Inspect(u.Content, u.Filename, u.DeclaredType)
	if err != nil {
		return nil, err
	}
	var img *image.Image
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err := s.load(ctx, tx, p, u.EstablishmentID, true) // the lock serialises the count
		if err != nil {
			return err
		}
		if !employerOwns(p, e) || e.State == establishment.StateRejected {
			return establishment.ErrNotFound
		}
		now := s.clock.Now()
		if u.ReplaceImageID != "" {
			img, err = tx.Image(ctx, u.ReplaceImageID, true, false)
			if err != nil || img.EstablishmentID != e.ID {
				return image.ErrNotFound
			}
			img.Replace(u.Content, in, u.Caption, u.Filename, now)
			if err := tx.UpdateImage(ctx, img); err != nil {
				return err
			}
			return s.audit(ctx, tx, p, "image.replace", e.ID, "ok", map[string]any{"image_id": img.ID})
		}
		n, err := tx.CountImages(ctx, e.ID)
		if err != nil {
			return err
		}
		if n >= image.MaxFiles {
			return image.ErrLimit
		}
		img = image.New(s.newID(), e.ID, u.Content, in, u.Caption, u.Filename, now)
		if err := tx.InsertImage(ctx, img); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, "image.upload", e.ID, "ok", map[string]any{"image_id": img.ID, "content_type": in.ContentType})
	})
	return img, err
}

// ListImages lists an establishment's images for its employer or its office's staff.
func (s *Service) ListImages(ctx context.Context, establishmentID string) ([]*image.Image, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var out []*image.Image
	err = s.store.InTx(ctx, func(tx Tx) error {
		if _, err := s.load(ctx, tx, p, establishmentID, false); err != nil {
			return err
		}
		out, err = tx.ListImages(ctx, establishmentID)
		return err
	})
	return out, err
}

// GetImage returns an image with its content: employers their own, staff their
// office's, and anyone (no token) a published image.
func (s *Service) GetImage(ctx context.Context, establishmentID, imageID string) (*image.Image, error) {
	p, authenticated := authnFrom(ctx)
	var img *image.Image
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		img, err = tx.Image(ctx, imageID, false, true)
		if err != nil || img.EstablishmentID != establishmentID {
			return image.ErrNotFound
		}
		if img.State == image.StatePublished {
			return nil
		}
		if !authenticated {
			return image.ErrNotFound
		}
		e, err := tx.Establishment(ctx, establishmentID, false)
		if err != nil || !canSee(p, e) {
			return image.ErrNotFound
		}
		return nil
	})
	return img, err
}

func authnFrom(ctx context.Context) (authn.Principal, bool) { return authn.FromContext(ctx) }

// DeleteImage deletes an image of the caller's establishment.
func (s *Service) DeleteImage(ctx context.Context, establishmentID, imageID string) error {
	p, err := requireRole(ctx, authn.RolePrimary, authn.RoleAdditional, authn.RoleProvisional)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		e, err := s.load(ctx, tx, p, establishmentID, true)
		if err != nil {
			return err
		}
		img, err := tx.Image(ctx, imageID, true, false)
		if err != nil || img.EstablishmentID != e.ID {
			return image.ErrNotFound
		}
		if err := tx.DeleteImage(ctx, img.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, "image.delete", e.ID, "ok", map[string]any{"image_id": img.ID})
	})
}

// ImageWorklist lists images of the staff's office waiting for review.
func (s *Service) ImageWorklist(ctx context.Context, page Page) ([]*image.Image, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var out []*image.Image
	err = s.store.InTx(ctx, func(tx Tx) error {
		out, err = tx.PendingImages(ctx, p.OfficeCode, page)
		return err
	})
	return out, err
}

// ReviewImage publishes or rejects (with a reason) an image of the staff's office.
func (s *Service) ReviewImage(ctx context.Context, imageID string, approve bool, message string) (*image.Image, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var img *image.Image
	err = s.store.InTx(ctx, func(tx Tx) error {
		img, err = tx.Image(ctx, imageID, true, false)
		if err != nil {
			return image.ErrNotFound
		}
		e, err := tx.Establishment(ctx, img.EstablishmentID, false)
		if err != nil || !canSee(p, e) {
			return image.ErrNotFound
		}
		now := s.clock.Now()
		if err := img.Review(approve, message, p.AccountID, now); err != nil {
			return err
		}
		if err := tx.UpdateImage(ctx, img); err != nil {
			return err
		}
		ts := timestamppb.New(now)
		if approve {
			if err := tx.Emit(ctx, e.ID, e.Version, now, &erv1.ImageApproved{EstablishmentId: e.ID, ImageId: img.ID,
				ContentType: img.ContentType, OfficeCode: e.OfficeCode, ApprovedAt: ts}); err != nil {
				return err
			}
			return s.audit(ctx, tx, p, "image.approve", e.ID, "ok", map[string]any{"image_id": img.ID})
		}
		if err := tx.Emit(ctx, e.ID, e.Version, now, &erv1.ImageRejected{EstablishmentId: e.ID, ImageId: img.ID,
			Message: img.ReviewMessage, OfficeCode: e.OfficeCode, RejectedAt: ts}); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, "image.reject", e.ID, "ok", map[string]any{"image_id": img.ID})
	})
	return img, err
}
