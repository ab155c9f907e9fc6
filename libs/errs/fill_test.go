package errs

import "testing"

func TestFill_ReplacesKnownPlaceholdersOnly(t *testing.T) {
	tests := []struct{ template, want string }{
		{"登録できる画像は{max_images}枚までです。", "登録できる画像は10枚までです。"},
		{"{label}は{max_length}文字以内です。", "{label}は10文字以内です。"},
		{"placeholders {NOT_ONE} and {x-y} stay", "placeholders {NOT_ONE} and {x-y} stay"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := fill(tc.template, map[string]string{"max_images": "10", "max_length": "10"}); got != tc.want {
			t.Errorf("fill(%q) = %q, want %q", tc.template, got, tc.want)
		}
	}
}

func TestWithMeta_FillsTheJapaneseText(t *testing.T) {
	e := &Error{Kind: KindFailedPrecondition, Reason: "X", template: "あと{remaining}回です。"}
	e.MessageJA = fill(e.template, nil)
	got := e.WithMeta("remaining", "3")
	if got.MessageJA != "あと3回です。" || e.MessageJA != "あと{remaining}回です。" {
		t.Fatalf("MessageJA = %q (original %q)", got.MessageJA, e.MessageJA)
	}
}
