package autogen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareIndexes matches indexes by name, as Alembic's
// compare._compare_indexes_and_uniques does: the same name with other columns
// (in order), other uniqueness or other details (method, INCLUDE columns,
// operator classes, ordering; see sameIndexDetails) is dropped and created again. An unnamed
// declared index matches a remaining live index with the same columns and
// uniqueness. The WHERE predicate of a partial index is not compared: databases
// store it rewritten (see compareChecks), so comparing text would propose a
// spurious drop and create on every run. Unmatched live indexes are dropped
// (with Existing), unmatched declared ones created.
func (c *comparer) compareIndexes(dt, lt *schema.Table) {
	matched := make([]bool, len(lt.Indexes))
	var create []*schema.IndexDef
	same := func(a, b *schema.IndexDef) bool {
		return a.Unique == b.Unique && slices.Equal(a.Columns, b.Columns) && sameIndexDetails(a, b)
	}
	declared := func(name string) bool {
		return name != "" && slices.ContainsFunc(dt.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == name })
	}
	for _, dix := range dt.Indexes {
		if dix.Name == "" {
			continue
		}
		i := slices.IndexFunc(lt.Indexes, func(lix *schema.IndexDef) bool { return lix.Name == dix.Name })
		if i < 0 || matched[i] {
			create = append(create, dix)
			continue
		}
		if same(dix, lt.Indexes[i]) {
			matched[i] = true
		} else {
			create = append(create, dix) // the live one is dropped below
		}
	}
	for _, dix := range dt.Indexes {
		if dix.Name != "" {
			continue
		}
		i := -1
		for j, lix := range lt.Indexes {
			if !matched[j] && !declared(lix.Name) && same(dix, lix) {
				i = j
				break
			}
		}
		if i < 0 {
			create = append(create, dix)
			continue
		}
		matched[i] = true
	}
	table := qualify(lt.Schema, lt.Name)
	for i, lix := range lt.Indexes {
		if !matched[i] {
			c.p.add(phaseDropConstraints, &ops.DropIndex{Schema: lt.Schema, Table: lt.Name, Name: lix.Name, Existing: cloneIndex(lix)},
				fmt.Sprintf("Detected removed index %s on '%s'", quoted(lix.Name), table))
		}
	}
	for _, dix := range dt.Indexes {
		if slices.Contains(create, dix) {
			c.p.add(phaseCreateIndexes, &ops.CreateIndex{Schema: dt.Schema, Table: dt.Name, Index: cloneIndex(dix)},
				fmt.Sprintf("Detected added index %s on %s", quoted(dix.Name), pyList(dix.Columns)))
		}
	}
}

// sameIndexDetails reports whether two indexes agree on method, INCLUDE columns,
// NULLS NOT DISTINCT, operator classes, key collations and key ordering, with defaults spelled either way: "" and
// "btree" are the same method, a missing opclass or order entry is "", and order
// is compared after dropping ASC and the NULLS placement that is the default for
// the direction (ASC NULLS LAST, DESC NULLS FIRST).
func sameIndexDetails(a, b *schema.IndexDef) bool {
	method := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "btree" {
			return ""
		}
		return s
	}
	if method(a.Using) != method(b.Using) || !slices.Equal(a.Include, b.Include) || a.NullsNotDistinct != b.NullsNotDistinct {
		return false
	}
	n := max(len(a.Columns), len(b.Columns))
	for i := 0; i < n; i++ {
		if !strings.EqualFold(entry(a.Opclass, i), entry(b.Opclass, i)) ||
			indexOrder(entry(a.Order, i)) != indexOrder(entry(b.Order, i)) ||
			collationKey(entry(a.Collation, i)) != collationKey(entry(b.Collation, i)) {
			return false
		}
	}
	return true
}

// collationKey is a key collation without the double quotes around a name
// that is one quoted identifier ("C" and C alike).
func collationKey(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s[1:len(s)-1], `"`) {
		return s[1 : len(s)-1]
	}
	return s
}

// entry returns list[i], or "" past its end.
func entry(list []string, i int) string {
	if i < len(list) {
		return strings.TrimSpace(list[i])
	}
	return ""
}

// indexOrder returns a key ordering in canonical form: upper case, single
// spaces, without ASC and without the default NULLS placement.
func indexOrder(s string) string {
	f := strings.Fields(strings.ToUpper(s))
	desc := slices.Contains(f, "DESC")
	var out []string
	if desc {
		out = append(out, "DESC")
	}
	for i := 0; i+1 < len(f); i++ {
		if f[i] != "NULLS" {
			continue
		}
		if (f[i+1] == "FIRST") != desc {
			out = append(out, "NULLS", f[i+1])
		}
	}
	return strings.Join(out, " ")
}
