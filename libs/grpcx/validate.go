package grpcx

import (
	"context"
	"errors"
	"fmt"

	"buf.build/go/protovalidate"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// jaRuleMessages are the Japanese messages for protovalidate rule ids. %v is replaced by
// the rule's value (a length, a bound). Rule ids not listed get jaDefaultRuleMessage.
var jaRuleMessages = map[string]string{
	"required":           "必須項目です。入力してください。",
	"string.min_len":     "%v文字以上で入力してください。",
	"string.max_len":     "%v文字以内で入力してください。",
	"string.len":         "%v文字で入力してください。",
	"string.min_bytes":   "入力が短すぎます。",
	"string.max_bytes":   "入力が長すぎます。",
	"string.pattern":     "入力形式が正しくありません。",
	"string.email":       "メールアドレスの形式が正しくありません。",
	"string.uuid":        "IDの形式が正しくありません。",
	"string.in":          "選択肢の中から選んでください。",
	"string.const":       "入力内容が正しくありません。",
	"bytes.max_len":      "ファイルが大きすぎます。",
	"bytes.min_len":      "ファイルが空です。",
	"bool.const":         "同意が必要です。",
	"enum.defined_only":  "選択肢の中から選んでください。",
	"enum.not_in":        "選択肢の中から選んでください。",
	"int32.gte":          "%v以上の値を入力してください。",
	"int32.lte":          "%v以下の値を入力してください。",
	"int32.gt":           "%vより大きい値を入力してください。",
	"int32.lt":           "%vより小さい値を入力してください。",
	"int64.gte":          "%v以上の値を入力してください。",
	"int64.lte":          "%v以下の値を入力してください。",
	"repeated.max_items": "%v件以内で指定してください。",
	"repeated.min_items": "%v件以上指定してください。",
}

const jaDefaultRuleMessage = "入力内容に誤りがあります。"

// Validator validates request messages against the protovalidate rules of their proto.
type Validator struct{ v protovalidate.Validator }

// NewValidator builds a validator.
func NewValidator() (*Validator, error) {
	v, err := protovalidate.New()
	if err != nil {
		return nil, err
	}
	return &Validator{v: v}, nil
}

// Validate returns nil, an *errs.Error of kind INVALID_ARGUMENT with one field violation
// per broken rule, or an internal error if a rule itself cannot be evaluated.
func (v *Validator) Validate(msg proto.Message) error {
	err := v.v.Validate(msg)
	if err == nil {
		return nil
	}
	var verr *protovalidate.ValidationError
	if !errors.As(err, &verr) {
		return errs.Internal(fmt.Errorf("validation rules failed to evaluate: %w", err))
	}
	fields := make([]errs.FieldViolation, 0, len(verr.Violations))
	for _, viol := range verr.Violations {
		ruleID := viol.Proto.GetRuleId()
		ja, ok := jaRuleMessages[ruleID]
		if !ok {
			ja = jaDefaultRuleMessage
		}
		if ok && viol.RuleValue.IsValid() && containsVerb(ja) {
			ja = fmt.Sprintf(ja, viol.RuleValue.Interface())
		}
		fields = append(fields, errs.FieldViolation{
			Field:     protovalidate.FieldPathString(viol.Proto.GetField()),
			Reason:    ruleID,
			Message:   viol.Proto.GetMessage(),
			MessageJA: ja,
		})
	}
	return errs.Invalid(fields...)
}

func containsVerb(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 'v' {
			return true
		}
	}
	return false
}

func (v *Validator) unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if msg, ok := req.(proto.Message); ok {
			if err := v.Validate(msg); err != nil {
				return nil, err
			}
		}
		return next(ctx, req)
	}
}

func (v *Validator) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		return next(srv, &validatingStream{ServerStream: ss, v: v})
	}
}

type validatingStream struct {
	grpc.ServerStream
	v *Validator
}

func (s *validatingStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	if msg, ok := m.(proto.Message); ok {
		return s.v.Validate(msg)
	}
	return nil
}
