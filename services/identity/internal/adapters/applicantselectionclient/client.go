// Package applicantselectionclient asks applicant-selection whether an establishment
// still has online self-applications without a selection result (ACC-3).
package applicantselectionclient

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
)

// Client implements app.SelfApplications over gRPC. Every failure is returned, so the
// withdrawal fails closed.
type Client struct {
	c       asv1.ApplicantSelectionServiceClient
	timeout time.Duration
}

// New returns a client on conn (dialled with a service token); a nil conn (no
// APPLICANT_SELECTION_ADDR) makes every call fail.
func New(conn grpc.ClientConnInterface) *Client {
	if conn == nil {
		return &Client{}
	}
	return &Client{c: asv1.NewApplicantSelectionServiceClient(conn), timeout: 5 * time.Second}
}

// ErrNotConfigured is returned when no applicant-selection address is configured.
var ErrNotConfigured = errors.New("applicant-selection address not configured")

// WithTimeout returns the client with another per-call deadline (default 5 s); a call
// that runs out of it counts as "could not ask", never as an answer.
func (c *Client) WithTimeout(d time.Duration) *Client {
	cp := *c
	cp.timeout = d
	return &cp
}

// CountPendingSelfApplications implements app.SelfApplications.
func (c *Client) CountPendingSelfApplications(ctx context.Context, establishmentID string) (int, error) {
	if c.c == nil {
		return 0, ErrNotConfigured
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	res, err := c.c.CountPendingSelfApplications(ctx, &asv1.CountPendingSelfApplicationsRequest{EstablishmentId: establishmentID})
	if err != nil {
		return 0, err
	}
	return int(res.GetCount()), nil
}
