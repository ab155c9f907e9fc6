package outbox

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// register adds c to reg, or returns the collector already registered under the same
// description, so two relays or consumers in one process share their series instead of
// failing. A nil reg means no metrics; c still works, it is just never scraped.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
	}
	return c
}
