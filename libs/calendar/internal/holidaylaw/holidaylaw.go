// Package holidaylaw computes Japan's national holidays from the rules of 国民の祝日に関する法律
// (the Public Holiday Law) and the special laws that moved holidays in 2019, 2020 and 2021.
//
// It exists only to (re)generate the committed table libs/calendar/holidays_data.go through
// cmd/genholidays: the committed table, not this code, is what services read, because
// holidays are fixed by law and by the Cabinet Office's yearly announcement of the
// equinoxes, which a formula only approximates for future years.
package holidaylaw

import (
	"math"
	"sort"
	"time"
)

// Holiday is one closed day under the law, with its Japanese name.
type Holiday struct {
	Date time.Time // midnight UTC of the calendar date (the date is what matters)
	Name string
}

// FirstYear and LastYear bound the years this package is written for: the rules below
// encode every amendment from 1990 on, and the equinox formula is valid to 2099.
const (
	FirstYear = 1990
	LastYear  = 2099
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// nthMonday returns the n-th Monday of the month (ハッピーマンデー制度).
func nthMonday(y int, m time.Month, n int) time.Time {
	first := date(y, m, 1)
	offset := (int(time.Monday) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, offset+7*(n-1))
}

// VernalEquinoxDay returns the day of 春分の日 in March by the standard approximation
// (valid 1980-2099): floor(20.8431 + 0.242194(Y-1980) - floor((Y-1980)/4)).
func VernalEquinoxDay(y int) int {
	return int(math.Floor(20.8431 + 0.242194*float64(y-1980) - math.Floor(float64(y-1980)/4)))
}

// AutumnalEquinoxDay returns the day of 秋分の日 in September:
// floor(23.2488 + 0.242194(Y-1980) - floor((Y-1980)/4)).
func AutumnalEquinoxDay(y int) int {
	return int(math.Floor(23.2488 + 0.242194*float64(y-1980) - math.Floor(float64(y-1980)/4)))
}

// nationalHolidays returns the 国民の祝日 proper of year y (no substitute or citizens' holidays).
func nationalHolidays(y int) []Holiday {
	var hs []Holiday
	add := func(t time.Time, name string) { hs = append(hs, Holiday{t, name}) }

	add(date(y, time.January, 1), "元日")
	if y >= 2000 { // Happy Monday amendment of 1998, effective 2000
		add(nthMonday(y, time.January, 2), "成人の日")
	} else {
		add(date(y, time.January, 15), "成人の日")
	}
	add(date(y, time.February, 11), "建国記念の日")
	if y >= 2020 { // accession of the current Emperor (2019-05-01)
		add(date(y, time.February, 23), "天皇誕生日")
	}
	add(date(y, time.March, VernalEquinoxDay(y)), "春分の日")
	if y >= 2007 { // 2005 amendment: 昭和の日 on 4/29, みどりの日 moves to 5/4
		add(date(y, time.April, 29), "昭和の日")
		add(date(y, time.May, 4), "みどりの日")
	} else {
		add(date(y, time.April, 29), "みどりの日")
	}
	add(date(y, time.May, 3), "憲法記念日")
	add(date(y, time.May, 5), "こどもの日")
	switch {
	case y == 2020: // 2020 Olympics special measures law (moved from 7/20)
		add(date(y, time.July, 23), "海の日")
	case y == 2021: // moved again for the postponed Games
		add(date(y, time.July, 22), "海の日")
	case y >= 2003:
		add(nthMonday(y, time.July, 3), "海の日")
	case y >= 1996:
		add(date(y, time.July, 20), "海の日")
	}
	switch {
	case y == 2020:
		add(date(y, time.August, 10), "山の日")
	case y == 2021:
		add(date(y, time.August, 8), "山の日")
	case y >= 2016:
		add(date(y, time.August, 11), "山の日")
	}
	if y >= 2003 {
		add(nthMonday(y, time.September, 3), "敬老の日")
	} else {
		add(date(y, time.September, 15), "敬老の日")
	}
	add(date(y, time.September, AutumnalEquinoxDay(y)), "秋分の日")
	switch {
	case y == 2020:
		add(date(y, time.July, 24), "スポーツの日")
	case y == 2021:
		add(date(y, time.July, 23), "スポーツの日")
	case y >= 2020:
		add(nthMonday(y, time.October, 2), "スポーツの日")
	case y >= 2000:
		add(nthMonday(y, time.October, 2), "体育の日")
	default:
		add(date(y, time.October, 10), "体育の日")
	}
	add(date(y, time.November, 3), "文化の日")
	add(date(y, time.November, 23), "勤労感謝の日")
	if y >= 1989 && y <= 2018 {
		add(date(y, time.December, 23), "天皇誕生日")
	}
	// One-off holidays by special laws.
	switch y {
	case 1990:
		add(date(y, time.November, 12), "即位礼正殿の儀")
	case 1993:
		add(date(y, time.June, 9), "皇太子徳仁親王の結婚の儀")
	case 2019:
		add(date(y, time.May, 1), "即位の日")
		add(date(y, time.October, 22), "即位礼正殿の儀")
	}
	return hs
}

// Year returns every holiday of year y (祝日, 国民の休日 and 振替休日), sorted by date.
func Year(y int) []Holiday {
	hs := nationalHolidays(y)
	isNational := map[time.Time]bool{}
	for _, h := range hs {
		isNational[h.Date] = true
	}
	// 国民の休日 (art. 3-3, since 1985): a day between two 国民の祝日 that is not one itself.
	// Before the 2005 amendment (effective 2007) it also had to be neither a Sunday nor
	// a substitute holiday; a Sunday is closed anyway, and a pre-2007 substitute (always a
	// Monday after a Sunday holiday) cannot lie between two holidays, so only the Sunday
	// case matters.
	var extra []Holiday
	for _, h := range hs {
		d := h.Date.AddDate(0, 0, 1)
		if !isNational[d] && isNational[d.AddDate(0, 0, 1)] {
			if y < 2007 && d.Weekday() == time.Sunday {
				continue
			}
			extra = append(extra, Holiday{d, "国民の休日"})
		}
	}
	// 振替休日 (art. 3-2): since 2007 the nearest following day that is not a 国民の祝日;
	// 1973-2006 the Monday after a Sunday holiday.
	taken := map[time.Time]bool{}
	for d := range isNational {
		taken[d] = true
	}
	for _, e := range extra {
		taken[e.Date] = true
	}
	for _, h := range hs {
		if h.Date.Weekday() != time.Sunday {
			continue
		}
		d := h.Date.AddDate(0, 0, 1)
		if y >= 2007 {
			for isNational[d] {
				d = d.AddDate(0, 0, 1)
			}
		} else if isNational[d] {
			continue
		}
		if taken[d] {
			continue
		}
		taken[d] = true
		extra = append(extra, Holiday{d, "振替休日"})
	}
	hs = append(hs, extra...)
	// A substitute for 12/31 would fall into the next year; no holiday is that late, so
	// every holiday stays in its year.
	out := hs[:0]
	for _, h := range hs {
		if h.Date.Year() == y {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Range returns the holidays of the years from..to inclusive.
func Range(from, to int) []Holiday {
	var hs []Holiday
	for y := from; y <= to; y++ {
		hs = append(hs, Year(y)...)
	}
	return hs
}
