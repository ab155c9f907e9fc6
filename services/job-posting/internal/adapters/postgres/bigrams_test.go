package postgres

import (
	"slices"
	"testing"
)

func TestBigrams_FindTwoCharacterWordsInsideText(t *testing.T) {
	text := Bigrams("特別養護老人ホームでの介護業務")
	for _, kw := range []string{"介護", "介護業務", "老人ホーム"} {
		for _, g := range Bigrams(kw) {
			if !slices.Contains(text, g) {
				t.Errorf("%s: bigram %s missing", kw, g)
			}
		}
	}
	if got := Bigrams("営業営業"); !slices.Equal(got, []string{"営業", "業営"}) {
		t.Errorf("distinct bigrams: %v", got)
	}
	if got := Bigrams("介"); len(got) != 0 {
		t.Errorf("one character has no bigram: %v", got)
	}
	if got := Bigrams("ABc"); !slices.Equal(got, []string{"ab", "bc"}) {
		t.Errorf("lower-cased: %v", got)
	}
}
