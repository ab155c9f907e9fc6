package grpcapi

import (
	"testing"

	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// TestMailTypes_EveryKindHasItsOwnProtoValue: a kind missing from the map would be
// listed as MAIL_TYPE_UNSPECIFIED in the delivery log and could not be filtered on.
func TestMailTypes_EveryKindHasItsOwnProtoValue(t *testing.T) {
	seen := map[notificationv1.MailType]hwmail.Kind{}
	for _, k := range hwmail.Kinds() {
		v, ok := kindToProto[k]
		if !ok || v == notificationv1.MailType_MAIL_TYPE_UNSPECIFIED {
			t.Errorf("kind %s has no MailType", k)
			continue
		}
		if other, dup := seen[v]; dup {
			t.Errorf("kinds %s and %s share %s", other, k, v)
		}
		seen[v] = k
		if kindFromProto[v] != k {
			t.Errorf("%s maps back to %q, want %s", v, kindFromProto[v], k)
		}
	}
	for v := range notificationv1.MailType_name {
		if mt := notificationv1.MailType(v); mt != notificationv1.MailType_MAIL_TYPE_UNSPECIFIED {
			if _, ok := seen[mt]; !ok {
				t.Errorf("%s names no kind of mail", mt)
			}
		}
	}
}
