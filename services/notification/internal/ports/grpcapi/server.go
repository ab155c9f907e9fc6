// Package grpcapi serves notification.v1.NotificationService: proto → query
// (convert.go), call app, result → proto. Authentication, authorization, validation
// (protovalidate) and error conversion are done by the libs/grpcx interceptors.
package grpcapi

import (
	"context"

	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
)

// Server implements NotificationServiceServer.
type Server struct {
	notificationv1.UnimplementedNotificationServiceServer
	app *app.App
}

// New returns the gRPC server of the delivery log.
func New(a *app.App) *Server { return &Server{app: a} }

// ListDeliveries implements the RPC (see app.App.ListDeliveries).
func (s *Server) ListDeliveries(ctx context.Context, req *notificationv1.ListDeliveriesRequest) (*notificationv1.ListDeliveriesResponse, error) {
	page, err := s.app.ListDeliveries(ctx, listDeliveriesQuery(req))
	if err != nil {
		return nil, err
	}
	return listDeliveriesResponse(page), nil
}
