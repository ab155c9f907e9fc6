package app

import (
	"go.uber.org/zap"
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

func upper(s string) string { return strings.ToUpper(s) }

func zapErr(err error) zap.Field { return zap.Error(err) }

func zapStr(k, v string) zap.Field { return zap.String(k, v) }
