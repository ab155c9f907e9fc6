// Package applicantselectionclient asks applicant-selection how many applicants of a
// posting have no selection result yet (domain.md §2.4), before a stop, a cancellation
// or a change lowering 採用人数.
package applicantselectionclient

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// Client implements app.Selections over gRPC. Every failure is returned, so the
// application is refused (fails closed).
type Client struct {
	c       asv1.ApplicantSelectionServiceClient
	timeout time.Duration
}

// Dial connects to applicant-selection at addr. The calls carry the employer's own
// access token (grpcx.CallerToken): job-posting holds no key to sign a service token,
// and applicant-selection counts within the token's establishment. An empty addr
// gives a client whose every call fails.
func Dial(addr string) (*Client, *grpc.ClientConn, error) {
	if addr == "" {
		return New(nil), nil, nil
	}
	cc, err := grpcx.Dial(addr, grpcx.WithToken(grpcx.CallerToken))
	if err != nil {
		return nil, nil, err
	}
	return New(cc), cc, nil
}

// New returns a client on conn; a nil conn makes every call fail.
func New(conn grpc.ClientConnInterface) *Client {
	if conn == nil {
		return &Client{}
	}
	return &Client{c: asv1.NewApplicantSelectionServiceClient(conn), timeout: 5 * time.Second}
}

// ErrNotConfigured is returned when no applicant-selection address is configured.
var ErrNotConfigured = errors.New("applicant-selection address not configured (APPLICANT_SELECTION_ADDR)")

// CountUnresolvedApplicants implements app.Selections; a call that runs out of its 5 s
// counts as "could not ask", never as an answer.
func (c *Client) CountUnresolvedApplicants(ctx context.Context, postingID string) (int, error) {
	if c.c == nil {
		return 0, ErrNotConfigured
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	res, err := c.c.CountUnresolvedApplicants(ctx, &asv1.CountUnresolvedApplicantsRequest{PostingId: postingID})
	if err != nil {
		return 0, err
	}
	return int(res.GetCount()), nil
}
