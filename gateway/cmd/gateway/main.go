// Command gateway is the REST edge of hellowork: grpc-gateway in front of every service.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
	"github.com/hellowork-jp/hellowork/gateway/web"
	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/logging"
	"github.com/hellowork-jp/hellowork/libs/observability"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "gateway: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	cfg, err := config.Load[edge.Config]()
	if err != nil {
		return err
	}
	log, err := logging.New("gateway", cfg.LogLevel, cfg.LogFormat)
	if err != nil {
		return err
	}
	shutdownTracing, err := observability.Setup(ctx, "gateway")
	if err != nil {
		return err
	}
	defer func() { _ = shutdownTracing(context.Background()) }()
	g, err := edge.New(ctx, cfg, log, edge.Backends(cfg), edge.WithWeb(web.Dist()))
	if err != nil {
		return err
	}
	defer g.Close()
	if cfg.MetricsAddr != "" {
		go func() {
			if err := serveOperator(ctx, cfg.MetricsAddr, g); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("operator port stopped", zap.Error(err))
			}
		}()
	}
	srv := &http.Server{
		Addr:              cfg.HTTPAddr,
		Handler:           g.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("serving", zap.String("http", cfg.HTTPAddr), zap.String("mypage", myPageURL(cfg.HTTPAddr)))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// myPageURL is where a person opens the MyPage: localhost rather than the loopback IP,
// the name browsers treat as a secure context for the __Host- cookies over plain HTTP.
func myPageURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/"
	}
	if host == "" || host == "127.0.0.1" || host == "0.0.0.0" || host == "::1" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// serveOperator serves the operator's port (METRICS_ADDR, never exposed publicly):
// /metrics, and /readyz with every backend's readiness and dependencies.
func serveOperator(ctx context.Context, addr string, g *edge.Gateway) error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	mux.Handle("GET /readyz", g.OperatorHandler())
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	}
}
