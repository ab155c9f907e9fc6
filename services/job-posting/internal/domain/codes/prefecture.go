package codes

import "fmt"

// Prefecture is the JIS X 0401 code of a prefecture, 1–47 (the search's 都道府県
// `01`–`47`; §1.2). The search's 59 (海外) is not a place of work that the minimum
// wage covers and is not a Prefecture.
type Prefecture int

var prefectureNames = [...]string{"",
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
	"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
	"奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
	"熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
}

// Prefectures lists all 47 in code order.
func Prefectures() []Prefecture {
	out := make([]Prefecture, 0, 47)
	for p := Prefecture(1); p <= 47; p++ {
		out = append(out, p)
	}
	return out
}

// Label is the Japanese name, e.g. 秋田県.
func (p Prefecture) Label() string {
	if p < 1 || int(p) >= len(prefectureNames) {
		return ""
	}
	return prefectureNames[p]
}

// Code is the two-digit code, e.g. "05".
func (p Prefecture) Code() string { return fmt.Sprintf("%02d", int(p)) }

// PrefectureOfMunicipality returns the prefecture of a 5-digit municipality code
// (its first two digits), or 0.
func PrefectureOfMunicipality(code string) Prefecture {
	if len(code) != 5 {
		return 0
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return 0
		}
	}
	p := Prefecture(int(code[0]-'0')*10 + int(code[1]-'0'))
	if !Valid(p) {
		return 0
	}
	return p
}
