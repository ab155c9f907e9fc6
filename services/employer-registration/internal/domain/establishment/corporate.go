package establishment

// ValidCorporateNumber checks a 法人番号: 13 half-width digits whose first digit is the
// check digit published by the National Tax Agency (法人番号の指定等に関する省令 art. 2):
// check = 9 - (Σ_{n=1..12} P_n × Q_n mod 9), where P_n is the n-th digit of the 12-digit
// base counted from the right and Q_n is 1 for odd n and 2 for even n.
func ValidCorporateNumber(s string) bool {
	if len(s) != 13 {
		return false
	}
	for i := 0; i < 13; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	sum := 0
	for n := 1; n <= 12; n++ {
		p := int(s[13-n] - '0')
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += p * q
	}
	return int(s[0]-'0') == 9-sum%9
}
