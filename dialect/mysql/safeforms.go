package mysql

import (
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// SafeForms sets mysql_lock: none on every op of up on a table that exists in
// live whose statement the lint rules say runs without blocking writes
// (dialect.SafeFormer), so that the server refuses it instead of blocking
// writes should it not manage that after all (another server version, an
// index that makes a change copy the table). Ops that block writes whatever
// is written (a type change, a foreign key or CHECK) are left as they are;
// lint reports them. MySQL has no transactional DDL, so the revision's
// transactional flag does not matter: it stays true.
func (d Dialect) SafeForms(up []ops.Op, live *schema.MetaData) ([]ops.Op, bool) {
	v := parseServerVersion("")
	out := make([]ops.Op, len(up))
	copy(out, up)
	for i, o := range up {
		sch, t, ok := ops.AlteredTable(o)
		if !ok || live.FindTable(sch, t) == nil {
			continue
		}
		m := ops.MySQLOnlineOf(o)
		if m == nil || m.Lock != "" || m.Algorithm != "" {
			continue
		}
		f, ok := lintOne(o, "", v, live)
		if !ok || f.Lock != lockNone {
			continue
		}
		c := clone(o)
		ops.MySQLOnlineOf(c).Lock = "none"
		out[i] = c
	}
	return out, true
}

// clone returns a shallow copy of o (one of the ops MySQLOnlineOf knows), so
// that setting its clauses leaves the caller's op alone.
func clone(o ops.Op) ops.Op {
	switch o := o.(type) {
	case *ops.AddColumn:
		x := *o
		return &x
	case *ops.DropColumn:
		x := *o
		return &x
	case *ops.AlterColumn:
		x := *o
		return &x
	case *ops.CreateIndex:
		x := *o
		return &x
	case *ops.DropIndex:
		x := *o
		return &x
	case *ops.CreateUniqueConstraint:
		x := *o
		return &x
	case *ops.CreateForeignKey:
		x := *o
		return &x
	case *ops.CreateCheckConstraint:
		x := *o
		return &x
	case *ops.CreatePrimaryKey:
		x := *o
		return &x
	case *ops.DropConstraint:
		x := *o
		return &x
	}
	return o
}
