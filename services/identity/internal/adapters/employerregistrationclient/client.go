// Package employerregistrationclient asks employer-registration to verify OPEN-3
// account creation codes.
package employerregistrationclient

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// Client implements app.CreationCodes over gRPC.
type Client struct {
	c       erv1.EmployerRegistrationServiceClient
	timeout time.Duration
}

// New returns a client on conn (dialled with a service token).
func New(conn grpc.ClientConnInterface) *Client {
	return &Client{c: erv1.NewEmployerRegistrationServiceClient(conn), timeout: 5 * time.Second}
}

// WithTimeout returns the client with another per-call deadline (default 5 s); a call
// that runs out of it counts as "could not ask", never as an answer.
func (c *Client) WithTimeout(d time.Duration) *Client {
	cp := *c
	cp.timeout = d
	return &cp
}

// VerifyAccountCreationCode implements app.CreationCodes. FAILED_PRECONDITION and
// INVALID_ARGUMENT mean the code does not hold (employer-registration counted the
// mistake); anything else means it could not be asked.
func (c *Client) VerifyAccountCreationCode(ctx context.Context, number, phone, code string) (string, string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	res, err := c.c.VerifyAccountCreationCode(ctx, &erv1.VerifyAccountCreationCodeRequest{
		EstablishmentNumber: number, PhoneNumber: phone, Code: code})
	if err != nil {
		switch status.Code(err) {
		case codes.FailedPrecondition, codes.InvalidArgument, codes.NotFound:
			return "", "", app.ErrCreationCodeInvalid
		default:
			return "", "", app.ErrCreationCodeUnavailable.Wrap(err)
		}
	}
	if res.GetEstablishmentId() == "" {
		return "", "", app.ErrCreationCodeUnavailable
	}
	return res.GetEstablishmentId(), res.GetOfficeCode(), nil
}
