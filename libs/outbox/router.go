package outbox

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// Router is the one typed registry of a consumer: each event type gets one handler
// taking the decoded payload, and the router does the decoding and dispatch so
// consumers never switch on type strings themselves.
type Router struct {
	routes map[string]func(ctx context.Context, ev Event) error
}

// NewRouter returns an empty Router.
func NewRouter() *Router { return &Router{routes: map[string]func(context.Context, Event) error{}} }

// On registers fn for the events whose payload is an M (a generated proto message
// pointer such as *identityv1.AccountLocked); the event type is M's proto full name, as
// NewEvent sets it. fn runs with ctx carrying the consumer's inbox transaction, so
// application code and repositories join it through pgkit. Registering a type twice
// panics: it is a wiring bug.
func On[M proto.Message](r *Router, fn func(ctx context.Context, ev Event, m M) error) {
	var zero M
	mt := zero.ProtoReflect().Type()
	typ := string(mt.Descriptor().FullName())
	if r.routes == nil {
		r.routes = map[string]func(context.Context, Event) error{}
	}
	if _, dup := r.routes[typ]; dup {
		panic("outbox: two handlers for event type " + typ)
	}
	r.routes[typ] = func(ctx context.Context, ev Event) error {
		m := mt.New().Interface().(M)
		if err := ev.UnmarshalPayload(m); err != nil {
			return err // already Permanent
		}
		return fn(ctx, ev, m)
	}
}

// Dispatch decodes ev and calls its handler. An unknown type is Permanent: the filter
// should never let it through, and retrying cannot help.
func (r *Router) Dispatch(ctx context.Context, ev Event) error {
	h, ok := r.routes[ev.Type]
	if !ok {
		return Permanent(fmt.Errorf("outbox: no handler for event type %q", ev.Type))
	}
	return h(ctx, ev)
}

// Handler returns the consumer Handler: it puts the inbox transaction in ctx
// (pgkit.ContextWithTx) and dispatches.
func (r *Router) Handler() Handler {
	return func(ctx context.Context, tx pgx.Tx, d Delivery) error {
		return r.Dispatch(pgkit.ContextWithTx(ctx, tx), d.Event)
	}
}

// Types lists the registered event types, sorted.
func (r *Router) Types() []string {
	out := make([]string, 0, len(r.routes))
	for t := range r.routes {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Subjects lists the registered event types that producer's stream carries (they are
// the subjects, see StreamSubject), sorted: the FilterSubjects of the consumer of that
// stream.
func (r *Router) Subjects(producer string) []string {
	prefix := strings.TrimSuffix(StreamSubject(producer), ">")
	var out []string
	for _, t := range r.Types() {
		if strings.HasPrefix(t, prefix) {
			out = append(out, t)
		}
	}
	return out
}
