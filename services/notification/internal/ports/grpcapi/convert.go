package grpcapi

import (
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

func listDeliveriesQuery(req *notificationv1.ListDeliveriesRequest) app.ListDeliveries {
	return app.ListDeliveries{
		Filter: app.DeliveryFilter{Recipient: req.GetRecipient(), Kind: kindFromProto[req.GetMailType()],
			Status: statusFromProto[req.GetStatus()], EventID: req.GetEventId()},
		PageSize:  int(req.GetPageSize()),
		PageToken: req.GetPageToken(),
	}
}

func listDeliveriesResponse(page app.DeliveryPage) *notificationv1.ListDeliveriesResponse {
	out := &notificationv1.ListDeliveriesResponse{NextPageToken: page.NextPageToken}
	for _, d := range page.Deliveries {
		out.Deliveries = append(out.Deliveries, toProto(d))
	}
	return out
}

func toProto(d *delivery.Delivery) *notificationv1.Delivery {
	p := &notificationv1.Delivery{
		Name: "deliveries/" + d.ID, EventId: d.EventID, EventType: d.EventType,
		MailType: kindToProto[d.Kind], Subject: d.Kind.Subject(), Recipient: d.Recipient,
		Status: statusToProto[d.Status], Attempts: int32(d.Attempts), MessageId: d.MessageID, LastError: d.LastError,
		CreateTime: prototime.Timestamp(d.CreatedAt), EventTime: prototime.Timestamp(d.EventTime),
		LastAttemptTime: prototime.Timestamp(d.LastAttemptAt), SentTime: prototime.Timestamp(d.SentAt),
		EstablishmentId: d.Scope.EstablishmentID, RecipientWithheld: !d.Scope.RecipientShown(),
	}
	if d.Status == delivery.Pending {
		p.NextAttemptTime = prototime.Timestamp(d.NextAttemptAt)
	}
	return p
}

var kindToProto = map[hwmail.Kind]notificationv1.MailType{
	hwmail.AccountProvisionalRegistration:       notificationv1.MailType_MAIL_TYPE_ACCOUNT_PROVISIONAL_REGISTRATION,
	hwmail.PasswordRegistration:                 notificationv1.MailType_MAIL_TYPE_PASSWORD_REGISTRATION,
	hwmail.PasswordReset:                        notificationv1.MailType_MAIL_TYPE_PASSWORD_RESET,
	hwmail.AccountRestore:                       notificationv1.MailType_MAIL_TYPE_ACCOUNT_RESTORE,
	hwmail.OneTimePassword:                      notificationv1.MailType_MAIL_TYPE_ONE_TIME_PASSWORD,
	hwmail.EstablishmentProvisionalRegistration: notificationv1.MailType_MAIL_TYPE_ESTABLISHMENT_PROVISIONAL_REGISTRATION,
	hwmail.JobPostingProvisionalRegistration:    notificationv1.MailType_MAIL_TYPE_JOB_POSTING_PROVISIONAL_REGISTRATION,
	hwmail.SelectionResultReminder:              notificationv1.MailType_MAIL_TYPE_SELECTION_RESULT_REMINDER,
	hwmail.LoginEmailChange:                     notificationv1.MailType_MAIL_TYPE_LOGIN_EMAIL_CHANGE,
	hwmail.PasswordChanged:                      notificationv1.MailType_MAIL_TYPE_PASSWORD_CHANGED,
	hwmail.LoginAccountChangedOldAddress:        notificationv1.MailType_MAIL_TYPE_LOGIN_ACCOUNT_CHANGED_OLD_ADDRESS,
	hwmail.LoginAccountChangedNewAddress:        notificationv1.MailType_MAIL_TYPE_LOGIN_ACCOUNT_CHANGED_NEW_ADDRESS,
	hwmail.AccountLocked:                        notificationv1.MailType_MAIL_TYPE_ACCOUNT_LOCKED,
	hwmail.NewDeviceSignIn:                      notificationv1.MailType_MAIL_TYPE_NEW_DEVICE_SIGN_IN,
	hwmail.AdditionalAccountAdded:               notificationv1.MailType_MAIL_TYPE_ADDITIONAL_ACCOUNT_ADDED,
	hwmail.AdditionalAccountWelcome:             notificationv1.MailType_MAIL_TYPE_ADDITIONAL_ACCOUNT_WELCOME,
	hwmail.AdditionalAccountDeleted:             notificationv1.MailType_MAIL_TYPE_ADDITIONAL_ACCOUNT_DELETED,
	hwmail.RegistrationAttempted:                notificationv1.MailType_MAIL_TYPE_REGISTRATION_ATTEMPTED,
	hwmail.EstablishmentReturned:                notificationv1.MailType_MAIL_TYPE_ESTABLISHMENT_RETURNED,
	hwmail.EstablishmentRejected:                notificationv1.MailType_MAIL_TYPE_ESTABLISHMENT_REJECTED,
	hwmail.EstablishmentAccepted:                notificationv1.MailType_MAIL_TYPE_ESTABLISHMENT_ACCEPTED,
	hwmail.LoginEmailRegistered:                 notificationv1.MailType_MAIL_TYPE_LOGIN_EMAIL_REGISTERED,
	hwmail.AccountWithdrawn:                     notificationv1.MailType_MAIL_TYPE_ACCOUNT_WITHDRAWN,
	hwmail.AccountRestored:                      notificationv1.MailType_MAIL_TYPE_ACCOUNT_RESTORED,
}

var statusToProto = map[delivery.Status]notificationv1.DeliveryStatus{
	delivery.Pending: notificationv1.DeliveryStatus_DELIVERY_STATUS_PENDING,
	delivery.Sent:    notificationv1.DeliveryStatus_DELIVERY_STATUS_SENT,
	delivery.Failed:  notificationv1.DeliveryStatus_DELIVERY_STATUS_FAILED,
	delivery.Expired: notificationv1.DeliveryStatus_DELIVERY_STATUS_EXPIRED,
}

var kindFromProto, statusFromProto = invert(kindToProto), invert(statusToProto)

func invert[K, V comparable](m map[K]V) map[V]K {
	out := make(map[V]K, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}
