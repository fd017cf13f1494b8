package revision

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// percentToken matches one Alembic (Python %-format) token after "%%(" has
// been folded into "%(": name, flags and width, precision, conversion.
var percentToken = regexp.MustCompile(`^%\(([A-Za-z_][A-Za-z0-9_]*)\)([-0 +#]*[0-9]*)(\.[0-9]+)?([a-zA-Z])`)

// PercentTemplateFields lists the tokens ExpandPercentTemplate knows, for
// messages.
const PercentTemplateFields = "%(rev)s, %(slug)s, %(epoch)s, %(year)d, %(month).2d, %(day).2d, %(hour).2d, %(minute).2d, %(second).2d"

// IsPercentTemplate reports whether tmpl is written in Alembic's file_template
// syntax (it holds "%(", possibly doubled as "%%(" the way alembic.ini
// escapes it) rather than as a Go template.
func IsPercentTemplate(tmpl string) bool { return strings.Contains(tmpl, "%(") }

// ExpandPercentTemplate fills a file_template written as in alembic.ini, for
// example "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s": the tokens
// of PercentTemplateFields with Python's %-format flags, width and precision
// ("%(month).2d" is the month on two digits), "%%" for a literal "%". The
// doubling alembic.ini needs ("%%(rev)s") is accepted as well as the single
// form ("%(rev)s"). now is the creation time (in the configured time zone).
//
// It returns an error naming the token for an unknown name, a conversion
// other than s, d or i, a number conversion of rev or slug, or a '%' that
// starts no token.
func ExpandPercentTemplate(tmpl, rev, slug string, now time.Time) (string, error) {
	nums := map[string]int64{
		"epoch": now.Unix(), "year": int64(now.Year()), "month": int64(now.Month()), "day": int64(now.Day()),
		"hour": int64(now.Hour()), "minute": int64(now.Minute()), "second": int64(now.Second()),
	}
	strs := map[string]string{"rev": rev, "slug": slug}
	s := strings.ReplaceAll(tmpl, "%%(", "%(")
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '%' {
			b.WriteByte(s[i])
			i++
			continue
		}
		if strings.HasPrefix(s[i:], "%%") {
			b.WriteByte('%')
			i += 2
			continue
		}
		m := percentToken.FindStringSubmatch(s[i:])
		if m == nil {
			return "", fmt.Errorf("file_template %q: the '%%' at %q starts no token; use one of %s, or %%%% for a literal %%", tmpl, s[i:], PercentTemplateFields)
		}
		name, spec, prec, conv := m[1], m[2], m[3], m[4]
		n, isNum := nums[name]
		str, isStr := strs[name]
		switch {
		case !isNum && !isStr:
			return "", fmt.Errorf("file_template %q: unknown token %q; the tokens are %s", tmpl, m[0], PercentTemplateFields)
		case conv == "s" && isNum:
			b.WriteString(fmt.Sprintf("%"+spec+prec+"s", strconv.FormatInt(n, 10)))
		case conv == "s":
			b.WriteString(fmt.Sprintf("%"+spec+prec+"s", str))
		case (conv == "d" || conv == "i") && isNum:
			b.WriteString(fmt.Sprintf("%"+spec+prec+"d", n))
		case conv == "d" || conv == "i":
			return "", fmt.Errorf("file_template %q: %q formats %s as a number, but it is text; write %%(%s)s", tmpl, m[0], name, name)
		default:
			return "", fmt.Errorf("file_template %q: %q uses the conversion %q; use s, or d for the date fields", tmpl, m[0], conv)
		}
		i += len(m[0])
	}
	return b.String(), nil
}
