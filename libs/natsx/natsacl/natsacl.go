// Package natsacl declares who may do what on NATS: one user (an nkey) per service,
// allowed to publish only its own event subjects, to declare only its own stream, and
// to read only the streams it consumes through its own durable consumers (issue 9, M5).
//
// The same table feeds the three places a nats-server runs: the tests' embedded server
// (libs/testkit/natstest), `make run` (deploy/local/deps.sh runs cmd/natsauth) and the
// Kubernetes NATS chart (cmd/natsauth -format helm). Everything not allowed is denied:
// NATS permissions with an allow list refuse every other subject.
package natsacl

import (
	"fmt"
	"slices"
	"strings"
)

// Read is one stream a service consumes, through one durable consumer.
type Read struct {
	// Producer is the service whose stream is read.
	Producer string
	// Durable is the consumer name (services/<svc>/internal/ports/events). Changing it
	// needs a change here too: the server refuses any other name.
	Durable string
}

// Service is one NATS user.
type Service struct {
	Name  string
	Reads []Read
}

// Services is the event topology of the suite. A service that publishes events owns
// the stream outbox.StreamName(Name) and the subjects hellowork.<name>.> (docs/events.md).
var Services = []Service{
	{Name: "identity", Reads: []Read{{Producer: "employer-registration", Durable: "identity"}}},
	{Name: "employer-registration"},
	{Name: "job-posting", Reads: []Read{{Producer: "employer-registration", Durable: "job-posting-employer-registration"}}},
	{Name: "applicant-selection", Reads: []Read{
		{Producer: "job-posting", Durable: "applicant-selection-job-posting"},
		{Producer: "identity", Durable: "applicant-selection-identity"},
	}},
	{Name: "notification", Reads: []Read{
		{Producer: "identity", Durable: "notification-identity"},
		{Producer: "employer-registration", Durable: "notification-employer-registration"},
		{Producer: "job-posting", Durable: "notification-job-posting"},
		{Producer: "applicant-selection", Durable: "notification-applicant-selection"},
		// The delivery log's scope (LOGIN-5): offices and accounts, apart from the mails.
		{Producer: "identity", Durable: "notification-scopes-identity"},
		{Producer: "employer-registration", Durable: "notification-scopes-employer-registration"},
	}},
}

// Lookup returns the declaration of service.
func Lookup(service string) (Service, bool) {
	i := slices.IndexFunc(Services, func(s Service) bool { return s.Name == service })
	if i < 0 {
		return Service{}, false
	}
	return Services[i], true
}

// Allows reports whether service may consume producer's stream as durable.
func Allows(service, producer, durable string) bool {
	s, ok := Lookup(service)
	return ok && slices.Contains(s.Reads, Read{Producer: producer, Durable: durable})
}

// StreamName and StreamSubject repeat outbox's naming (outbox imports natsx, so this
// package cannot import outbox; TestNaming_MatchesOutbox keeps them equal).
func StreamName(service string) string {
	return "HELLOWORK_" + strings.ToUpper(strings.ReplaceAll(service, "-", "_"))
}

// StreamSubject is the subject filter of service's stream.
func StreamSubject(service string) string {
	return "hellowork." + strings.ReplaceAll(service, "-", "_") + ".>"
}

// InboxPrefix is the reply-subject prefix of service's connection. Each service reads
// only its own inboxes, so none can eavesdrop on the JetStream replies (and the pulled
// events) of another.
func InboxPrefix(service string) string { return "_INBOX." + service }

// Permissions are the subjects a user may publish to and subscribe to.
type Permissions struct {
	Publish   []string
	Subscribe []string
}

// For returns the permissions of service.
func For(s Service) Permissions {
	own := StreamName(s.Name)
	p := Permissions{
		Publish: []string{
			// Its own events (the relay's publishes, atomic batches included).
			StreamSubject(s.Name),
			// Declaring, and correcting drift of, its own stream only: no DELETE, no
			// PURGE, nothing on other streams.
			"$JS.API.INFO",
			"$JS.API.STREAM.CREATE." + own,
			"$JS.API.STREAM.UPDATE." + own,
			"$JS.API.STREAM.INFO." + own,
		},
		Subscribe: []string{InboxPrefix(s.Name) + ".>"},
	}
	for _, r := range s.Reads {
		st := StreamName(r.Producer)
		p.Publish = append(p.Publish,
			"$JS.API.STREAM.INFO."+st,
			// The dead-letter path fetches an exhausted message by sequence.
			"$JS.API.STREAM.MSG.GET."+st,
			"$JS.API.DIRECT.GET."+st,
			// Its own durable, with or without a filter subject in the create subject.
			"$JS.API.CONSUMER.CREATE."+st+"."+r.Durable,
			"$JS.API.CONSUMER.CREATE."+st+"."+r.Durable+".>",
			"$JS.API.CONSUMER.INFO."+st+"."+r.Durable,
			"$JS.API.CONSUMER.MSG.NEXT."+st+"."+r.Durable,
			"$JS.ACK."+st+"."+r.Durable+".>",
		)
		p.Subscribe = append(p.Subscribe,
			"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."+st+"."+r.Durable)
	}
	return p
}

// Validate checks the table: known producers, unique names and durables.
func Validate() error {
	seen := map[string]bool{}
	durables := map[string]bool{}
	for _, s := range Services {
		if seen[s.Name] {
			return fmt.Errorf("natsacl: service %q declared twice", s.Name)
		}
		seen[s.Name] = true
	}
	for _, s := range Services {
		for _, r := range s.Reads {
			if !seen[r.Producer] {
				return fmt.Errorf("natsacl: %s reads unknown producer %q", s.Name, r.Producer)
			}
			key := r.Producer + "/" + r.Durable
			if durables[key] {
				return fmt.Errorf("natsacl: durable %s used twice", key)
			}
			durables[key] = true
		}
	}
	return nil
}
