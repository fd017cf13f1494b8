package dialecttest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// How a dialect treats one field of the model (verdict.class).
const (
	// rendered: the dialect writes the field; setting it changes the SQL.
	rendered = iota + 1
	// refused: Render fails with a *dialect.RenderError naming the object and
	// the property and saying what to do.
	refused
	// kept: the dialect keeps the field by an equivalent that needs no SQL
	// of its own, or the field is a hint about how a statement runs on
	// another server; Render succeeds. why says which.
	kept
)

// verdict is how one dialect treats one field: its class, the property's
// key as the refusal names it (refused), or why nothing needs writing (kept).
type verdict struct {
	class int
	word  string
	why   string
}

func rend() verdict                   { return verdict{class: rendered} }
func refuse(word string) verdict      { return verdict{class: refused, word: word} }
func keep(why string) verdict         { return verdict{class: kept, why: why} }
func allRendered() map[string]verdict { return by(rend(), rend(), rend()) }
func onlyOn(db string, word string) map[string]verdict {
	v := by(refuse(word), refuse(word), refuse(word))
	v[db] = rend()
	return v
}

// by lists verdicts for postgresql, mysql and sqlite.
func by(pg, my, lite verdict) map[string]verdict {
	return map[string]verdict{"postgresql": pg, "mysql": my, "sqlite": lite}
}

// fieldCase sets one field of the model an op carries. prep readies the
// op for the field (both renderings get it); set then changes the field
// from its value after prep to another value valid for the model.
type fieldCase struct {
	prep func(o ops.Op)
	set  func(o ops.Op)
	by   map[string]verdict
}

// propTable is the table the probes work on, probeTarget the table their
// foreign keys refer to; both are in the schema each probe renders against.
func propSchema() *schema.MetaData {
	return &schema.MetaData{Tables: []*schema.Table{
		{Name: "probe_target", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}},
			PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"id"}}},
		{Name: "probe_table", Columns: []*schema.Column{
			{Name: "a", Type: schema.Integer()},
			{Name: "b", Type: schema.Text(), Nullable: true},
		}},
	}}
}

// Each model type the checked ops carry, with the op that carries it in
// the probes: a fresh op per call, its object named probe_*.
var propCarriers = []struct {
	typ  reflect.Type
	base func() ops.Op
}{
	{reflect.TypeFor[schema.Table](), func() ops.Op {
		return &ops.CreateTable{Table: &schema.Table{Name: "probe_new", Columns: []*schema.Column{
			{Name: "a", Type: schema.Integer()}, {Name: "b", Type: schema.Text(), Nullable: true}}}}
	}},
	{reflect.TypeFor[schema.Column](), func() ops.Op {
		return &ops.CreateTable{Table: &schema.Table{Name: "probe_new", Columns: []*schema.Column{
			{Name: "a", Type: schema.Integer()}, {Name: "probe_col", Type: schema.Text()}}}}
	}},
	{reflect.TypeFor[schema.GeneratedDef](), func() ops.Op {
		return &ops.CreateTable{Table: &schema.Table{Name: "probe_new", Columns: []*schema.Column{
			{Name: "a", Type: schema.Integer()},
			{Name: "probe_col", Type: schema.Integer(), Nullable: true, Generated: &schema.GeneratedDef{Expr: "a + 1", Stored: true}}}}}
	}},
	{reflect.TypeFor[schema.IndexDef](), func() ops.Op {
		return &ops.CreateIndex{Table: "probe_table", Index: &schema.IndexDef{Name: "probe_ix", Columns: []string{"a"}}}
	}},
	{reflect.TypeFor[schema.UniqueDef](), func() ops.Op {
		return &ops.CreateUniqueConstraint{Table: "probe_table", Unique: &schema.UniqueDef{Name: "probe_uq", Columns: []string{"a"}}}
	}},
	{reflect.TypeFor[schema.ForeignKeyDef](), func() ops.Op {
		return &ops.CreateForeignKey{Table: "probe_table", ForeignKey: &schema.ForeignKeyDef{Name: "probe_fk", Columns: []string{"a"},
			RefTable: "probe_target", RefColumns: []string{"id"}}}
	}},
	{reflect.TypeFor[schema.CheckDef](), func() ops.Op {
		return &ops.CreateCheckConstraint{Table: "probe_table", Check: &schema.CheckDef{Name: "probe_ck", Expr: "a > 0"}}
	}},
	{reflect.TypeFor[schema.PrimaryKeyDef](), func() ops.Op {
		return &ops.CreatePrimaryKey{Table: "probe_table", PrimaryKey: &schema.PrimaryKeyDef{Name: "probe_pk", Columns: []string{"a"}}}
	}},
	{reflect.TypeFor[ops.CreateIndex](), func() ops.Op {
		return &ops.CreateIndex{Table: "probe_table", Index: &schema.IndexDef{Name: "probe_ix", Columns: []string{"a"}}}
	}},
	{reflect.TypeFor[ops.AddColumn](), func() ops.Op {
		return &ops.AddColumn{Table: "probe_table", Column: &schema.Column{Name: "probe_col", Type: schema.Text(), Nullable: true}}
	}},
	{reflect.TypeFor[ops.AlterColumn](), func() ops.Op {
		// The probe's own change is a comment (SQLite renders none).
		return &ops.AlterColumn{Table: "probe_table", Column: "b", Comment: &ops.Change{Value: ptr("probe")},
			ExistingType: ptr(schema.Text()), ExistingNullable: ptr(true)}
	}},
}

// Typed accessors of the probes' ops.
func tableOf(o ops.Op) *schema.Table { return o.(*ops.CreateTable).Table }
func colOf(o ops.Op) *schema.Column  { return tableOf(o).Columns[1] }
func ixOf(o ops.Op) *schema.IndexDef { return o.(*ops.CreateIndex).Index }
func uqOf(o ops.Op) *schema.UniqueDef {
	return o.(*ops.CreateUniqueConstraint).Unique
}
func fkOf(o ops.Op) *schema.ForeignKeyDef { return o.(*ops.CreateForeignKey).ForeignKey }
func ckOf(o ops.Op) *schema.CheckDef      { return o.(*ops.CreateCheckConstraint).Check }
func pkOf(o ops.Op) *schema.PrimaryKeyDef { return o.(*ops.CreatePrimaryKey).PrimaryKey }
func altOf(o ops.Op) *ops.AlterColumn     { return o.(*ops.AlterColumn) }

// intPK makes the probe column an integer primary key.
func intPK(o ops.Op) {
	colOf(o).Type = schema.Integer()
	tableOf(o).PrimaryKey = &schema.PrimaryKeyDef{Columns: []string{"probe_col"}}
}

// identity makes the probe column an autoincrement integer primary key.
func identity(o ops.Op) { intPK(o); colOf(o).Autoincrement = true }

const (
	hint       = "a hint about how the statement runs on another server; the schema it makes is the same"
	noComments = "SQLite stores no comments: its Capabilities say so (Comments is false), autogenerate and check never compare them, docs/sqlite.md says so"
)

// propCases classifies every field of the carried types, by "Type.Field".
var propCases = map[string]fieldCase{
	"Table.Name":   {set: func(o ops.Op) { tableOf(o).Name = "probe_other" }, by: allRendered()},
	"Table.Schema": {set: func(o ops.Op) { tableOf(o).Schema = "probe_schema" }, by: allRendered()},
	"Table.Columns": {set: func(o ops.Op) {
		tableOf(o).Columns = append(tableOf(o).Columns, &schema.Column{Name: "c", Type: schema.Text(), Nullable: true})
	}, by: allRendered()},
	"Table.PrimaryKey": {set: func(o ops.Op) { tableOf(o).PrimaryKey = &schema.PrimaryKeyDef{Columns: []string{"a"}} }, by: allRendered()},
	"Table.ForeignKeys": {set: func(o ops.Op) {
		tableOf(o).ForeignKeys = []*schema.ForeignKeyDef{{Columns: []string{"a"}, RefTable: "probe_target", RefColumns: []string{"id"}}}
	}, by: allRendered()},
	"Table.Uniques": {set: func(o ops.Op) { tableOf(o).Uniques = []*schema.UniqueDef{{Columns: []string{"a"}}} }, by: allRendered()},
	"Table.Checks":  {set: func(o ops.Op) { tableOf(o).Checks = []*schema.CheckDef{{Expr: "a > 0"}} }, by: allRendered()},
	"Table.Comment": {set: func(o ops.Op) { tableOf(o).Comment = "probe" }, by: by(rend(), rend(), keep(noComments))},
	"Table.PartitionBy": {set: func(o ops.Op) { tableOf(o).PartitionBy = "RANGE (a)" },
		by: onlyOn("postgresql", "partition_by")},
	"Table.Engine":    {set: func(o ops.Op) { tableOf(o).Engine = "InnoDB" }, by: onlyOn("mysql", "engine")},
	"Table.Collation": {set: func(o ops.Op) { tableOf(o).Collation = "utf8mb4_bin" }, by: onlyOn("mysql", "collation")},
	"Table.Options":   {set: func(o ops.Op) { tableOf(o).Options = "ROW_FORMAT=DYNAMIC" }, by: onlyOn("mysql", "options")},
	"Table.SQLiteStrict": {set: func(o ops.Op) { tableOf(o).SQLiteStrict = true },
		by: onlyOn("sqlite", "sqlite_strict")},
	"Table.SQLiteWithoutRowid": {prep: func(o ops.Op) { tableOf(o).PrimaryKey = &schema.PrimaryKeyDef{Columns: []string{"a"}} },
		set: func(o ops.Op) { tableOf(o).SQLiteWithoutRowid = true },
		by:  by(refuse("sqlite_without_rowid"), keep("InnoDB stores every table as a B-tree on its primary key, as WITHOUT ROWID does"), rend())},
	"Table.SQLiteUnmodelled": {set: func(o ops.Op) { tableOf(o).SQLiteUnmodelled = []string{`column "b" has COLLATE NOCASE`} },
		by: by(refuse("model cannot hold"), refuse("model cannot hold"), refuse("model cannot hold"))},

	"Column.Name":     {set: func(o ops.Op) { colOf(o).Name = "probe_other" }, by: allRendered()},
	"Column.Type":     {set: func(o ops.Op) { colOf(o).Type = schema.Integer() }, by: allRendered()},
	"Column.Nullable": {set: func(o ops.Op) { colOf(o).Nullable = true }, by: allRendered()},
	"Column.Default":  {set: func(o ops.Op) { colOf(o).Default = ptr("'x'") }, by: allRendered()},
	"Column.Autoincrement": {prep: intPK, set: func(o ops.Op) { colOf(o).Autoincrement = true },
		by: by(rend(), rend(), keep("an INTEGER PRIMARY KEY is SQLite's rowid, which the database generates already"))},
	"Column.Comment": {set: func(o ops.Op) { colOf(o).Comment = "probe" }, by: by(rend(), rend(), keep(noComments))},
	"Column.AutoincrementKind": {prep: identity, set: func(o ops.Op) { colOf(o).AutoincrementKind = schema.AutoincrementAlways },
		by: onlyOn("postgresql", "autoincrement_kind")},
	"Column.IdentityStart": {prep: identity, set: func(o ops.Op) { colOf(o).IdentityStart = 100 },
		by: onlyOn("postgresql", "identity_start")},
	"Column.IdentityIncrement": {prep: identity, set: func(o ops.Op) { colOf(o).IdentityIncrement = 5 },
		by: onlyOn("postgresql", "identity_increment")},
	"Column.Generated": {prep: func(o ops.Op) { colOf(o).Type = schema.Integer(); colOf(o).Nullable = true },
		set: func(o ops.Op) { colOf(o).Generated = &schema.GeneratedDef{Expr: "a + 1", Stored: true} }, by: allRendered()},
	"Column.Collation": {set: func(o ops.Op) { colOf(o).Collation = "utf8mb4_bin" }, by: onlyOn("mysql", "collation")},
	"Column.SQLiteAutoincrement": {prep: identity, set: func(o ops.Op) { colOf(o).SQLiteAutoincrement = true },
		by: by(keep("an identity's sequence never hands out a value again, as AUTOINCREMENT does"),
			keep("InnoDB's AUTO_INCREMENT counter never hands out a value again, as AUTOINCREMENT does"), rend())},

	"GeneratedDef.Expr":   {set: func(o ops.Op) { colOf(o).Generated.Expr = "a * 2" }, by: allRendered()},
	"GeneratedDef.Stored": {set: func(o ops.Op) { colOf(o).Generated.Stored = false }, by: by(refuse("STORED"), rend(), rend())},

	"IndexDef.Name":    {set: func(o ops.Op) { ixOf(o).Name = "probe_other" }, by: allRendered()},
	"IndexDef.Columns": {set: func(o ops.Op) { ixOf(o).Columns = []string{"a", "b"} }, by: allRendered()},
	"IndexDef.Unique":  {set: func(o ops.Op) { ixOf(o).Unique = true }, by: allRendered()},
	"IndexDef.Where":   {set: func(o ops.Op) { ixOf(o).Where = "a > 0" }, by: by(rend(), refuse("where"), rend())},
	"IndexDef.Using":   {set: func(o ops.Op) { ixOf(o).Using = "hash" }, by: by(rend(), rend(), refuse("using"))},
	"IndexDef.Include": {set: func(o ops.Op) { ixOf(o).Include = []string{"b"} }, by: onlyOn("postgresql", "include")},
	"IndexDef.Opclass": {set: func(o ops.Op) { ixOf(o).Opclass = []string{"int4_ops"} }, by: onlyOn("postgresql", "opclass")},
	"IndexDef.Order":   {set: func(o ops.Op) { ixOf(o).Order = []string{"DESC"} }, by: allRendered()},
	"IndexDef.NullsNotDistinct": {prep: func(o ops.Op) { ixOf(o).Unique = true }, set: func(o ops.Op) { ixOf(o).NullsNotDistinct = true },
		by: onlyOn("postgresql", "nulls_not_distinct")},
	"IndexDef.Collation": {prep: func(o ops.Op) { ixOf(o).Columns = []string{"b"} }, set: func(o ops.Op) { ixOf(o).Collation = []string{"C"} },
		by: onlyOn("postgresql", "collation")},

	"UniqueDef.Name":    {set: func(o ops.Op) { uqOf(o).Name = "probe_other" }, by: allRendered()},
	"UniqueDef.Columns": {set: func(o ops.Op) { uqOf(o).Columns = []string{"a", "b"} }, by: allRendered()},
	"UniqueDef.NullsNotDistinct": {set: func(o ops.Op) { uqOf(o).NullsNotDistinct = true },
		by: onlyOn("postgresql", "nulls_not_distinct")},
	"UniqueDef.Deferrable":        {set: func(o ops.Op) { uqOf(o).Deferrable = true }, by: onlyOn("postgresql", "deferrable")},
	"UniqueDef.InitiallyDeferred": {set: func(o ops.Op) { uqOf(o).InitiallyDeferred = true }, by: onlyOn("postgresql", "deferrable")},

	"ForeignKeyDef.Name":       {set: func(o ops.Op) { fkOf(o).Name = "probe_other" }, by: allRendered()},
	"ForeignKeyDef.Columns":    {set: func(o ops.Op) { fkOf(o).Columns = []string{"b"} }, by: allRendered()},
	"ForeignKeyDef.RefSchema":  {set: func(o ops.Op) { fkOf(o).RefSchema = "probe_schema" }, by: by(rend(), rend(), refuse("ref_schema"))},
	"ForeignKeyDef.RefTable":   {set: func(o ops.Op) { fkOf(o).RefTable = "probe_table" }, by: allRendered()},
	"ForeignKeyDef.RefColumns": {set: func(o ops.Op) { fkOf(o).RefColumns = []string{"a"} }, by: allRendered()},
	"ForeignKeyDef.OnDelete":   {set: func(o ops.Op) { fkOf(o).OnDelete = "CASCADE" }, by: allRendered()},
	"ForeignKeyDef.OnUpdate":   {set: func(o ops.Op) { fkOf(o).OnUpdate = "CASCADE" }, by: allRendered()},
	"ForeignKeyDef.Match":      {set: func(o ops.Op) { fkOf(o).Match = "FULL" }, by: onlyOn("postgresql", "match")},
	"ForeignKeyDef.Deferrable": {set: func(o ops.Op) { fkOf(o).Deferrable = true }, by: onlyOn("postgresql", "deferrable")},
	"ForeignKeyDef.InitiallyDeferred": {set: func(o ops.Op) { fkOf(o).InitiallyDeferred = true },
		by: onlyOn("postgresql", "deferrable")},
	"ForeignKeyDef.NotValid": {set: func(o ops.Op) { fkOf(o).NotValid = true }, by: onlyOn("postgresql", "not_valid")},

	"CheckDef.Name":     {set: func(o ops.Op) { ckOf(o).Name = "probe_other" }, by: allRendered()},
	"CheckDef.Expr":     {set: func(o ops.Op) { ckOf(o).Expr = "a > 1" }, by: allRendered()},
	"CheckDef.NotValid": {set: func(o ops.Op) { ckOf(o).NotValid = true }, by: onlyOn("postgresql", "not_valid")},

	"PrimaryKeyDef.Name": {set: func(o ops.Op) { pkOf(o).Name = "probe_other" },
		by: by(rend(), keep("MySQL/MariaDB name every primary key PRIMARY and store no other name (docs/mysql.md)"), rend())},
	"PrimaryKeyDef.Columns": {set: func(o ops.Op) { pkOf(o).Columns = []string{"a", "b"} }, by: allRendered()},

	"CreateIndex.Schema": {set: func(o ops.Op) { o.(*ops.CreateIndex).Schema = "probe_schema" }, by: allRendered()},
	"CreateIndex.Table":  {set: func(o ops.Op) { o.(*ops.CreateIndex).Table = "probe_target"; ixOf(o).Columns = []string{"id"} }, by: allRendered()},
	"CreateIndex.Index":  {set: func(o ops.Op) { ixOf(o).Columns = []string{"b"} }, by: allRendered()},
	"CreateIndex.Concurrently": {set: func(o ops.Op) { o.(*ops.CreateIndex).Concurrently = true },
		by: by(rend(), keep("InnoDB builds an index without blocking writes by default (mysql_lock: none demands it); "+hint),
			keep("SQLite has one writer at a time, so no build can run beside writes; "+hint))},
	"CreateIndex.MySQL": {set: func(o ops.Op) { o.(*ops.CreateIndex).MySQL.Lock = "none" },
		by: by(keep(hint), rend(), keep(hint))},

	"AddColumn.Schema": {set: func(o ops.Op) { o.(*ops.AddColumn).Schema = "probe_schema" }, by: allRendered()},
	"AddColumn.Table":  {set: func(o ops.Op) { o.(*ops.AddColumn).Table = "probe_target" }, by: allRendered()},
	"AddColumn.Column": {set: func(o ops.Op) { o.(*ops.AddColumn).Column.Name = "probe_other" }, by: allRendered()},
	"AddColumn.MySQL": {set: func(o ops.Op) { o.(*ops.AddColumn).MySQL.Algorithm = "instant" },
		by: by(keep(hint), rend(), keep(hint))},

	"AlterColumn.Schema": {prep: func(o ops.Op) { altOf(o).NewName = "c" }, set: func(o ops.Op) { altOf(o).Schema = "probe_schema" }, by: allRendered()},
	"AlterColumn.Table": {prep: func(o ops.Op) { altOf(o).NewName = "c" },
		set: func(o ops.Op) { altOf(o).Table = "probe_target"; altOf(o).Column = "id" }, by: allRendered()},
	"AlterColumn.Column":   {prep: func(o ops.Op) { altOf(o).NewName = "c" }, set: func(o ops.Op) { altOf(o).Column = "a" }, by: allRendered()},
	"AlterColumn.Nullable": {set: func(o ops.Op) { altOf(o).Nullable = ptr(false) }, by: allRendered()},
	"AlterColumn.Type":     {set: func(o ops.Op) { altOf(o).Type = ptr(schema.Varchar(20)) }, by: allRendered()},
	"AlterColumn.ServerDefault": {set: func(o ops.Op) { altOf(o).ServerDefault = &ops.Change{Value: ptr("'x'")} },
		by: allRendered()},
	"AlterColumn.Comment": {set: func(o ops.Op) { altOf(o).Comment = &ops.Change{Value: ptr("probe changed")} },
		by: by(rend(), rend(), keep(noComments))},
	"AlterColumn.NewName": {set: func(o ops.Op) { altOf(o).NewName = "c" }, by: allRendered()},
	"AlterColumn.Collation": {set: func(o ops.Op) { altOf(o).Collation = &ops.Change{Value: ptr("utf8mb4_bin")} },
		by: onlyOn("mysql", "collation")},
	"AlterColumn.IdentityGenerated": {set: func(o ops.Op) { altOf(o).IdentityGenerated = ops.IdentityAlways },
		by: onlyOn("postgresql", "identity_generated")},
	"AlterColumn.IdentityStart": {set: func(o ops.Op) { altOf(o).IdentityStart = ptr(int64(100)) },
		by: onlyOn("postgresql", "identity_start")},
	"AlterColumn.IdentityIncrement": {set: func(o ops.Op) { altOf(o).IdentityIncrement = ptr(int64(5)) },
		by: onlyOn("postgresql", "identity_increment")},
	"AlterColumn.MySQL": {prep: func(o ops.Op) { altOf(o).Nullable = ptr(false) },
		set: func(o ops.Op) { altOf(o).MySQL.Algorithm = "inplace" }, by: by(keep(hint), rend(), keep(hint))},
}

// notSQL are the fields that never reach SQL, each with why.
var notSQL = map[string]string{
	"Table.RenamedFrom":         "a hint to autogenerate (propose rename_table); declared metadata only",
	"Table.Indexes":             "create_table takes no indexes: each is a create_index op of its own",
	"Table.Triggers":            "read by the SQLite inspector so a table rebuild re-creates them; no revision key sets it",
	"Column.RenamedFrom":        "a hint to autogenerate (propose a rename); declared metadata only",
	"IndexDef.RenamedFrom":      "a hint to autogenerate (propose rename_index); declared metadata only",
	"UniqueDef.RenamedFrom":     "a hint to autogenerate (propose rename_constraint); declared metadata only",
	"ForeignKeyDef.RenamedFrom": "a hint to autogenerate (propose rename_constraint); declared metadata only",
	"CheckDef.RenamedFrom":      "a hint to autogenerate (propose rename_constraint); declared metadata only",

	"AlterColumn.ExistingType":              "the column before the change: restates it (MySQL) and reverses the op; not a change",
	"AlterColumn.ExistingNullable":          "the column before the change: restates it (MySQL) and reverses the op; not a change",
	"AlterColumn.ExistingServerDefault":     "the column before the change: restates it (MySQL) and reverses the op; not a change",
	"AlterColumn.ExistingComment":           "the column before the change: restates it (MySQL) and reverses the op; not a change",
	"AlterColumn.ExistingAutoincrement":     "the column before the change: restates it (MySQL) and reverses the op; not a change",
	"AlterColumn.ExistingCollation":         "the column before the change: restates it (MySQL) and reverses the op; not a change",
	"AlterColumn.ExistingIdentityGenerated": "the identity before the change: reverses the op; not a change",
	"AlterColumn.ExistingIdentityStart":     "the identity before the change: reverses the op; not a change",
	"AlterColumn.ExistingIdentityIncrement": "the identity before the change: reverses the op; not a change",
	"AlterColumn.AcknowledgeDestructive":    "a reviewer's acknowledgement for upgrade --require-acknowledged; never SQL",
}

// testModelProperties sets each exported field of the model the ops carry,
// one at a time, renders the op and checks the field's verdict for this
// dialect: a rendered field changes the SQL, a refused one gives a
// *dialect.RenderError naming the object, the property and what to do, a
// kept one renders. A field with no verdict fails, so a field added to the
// model later cannot be ignored by a renderer unnoticed.
func testModelProperties(t *testing.T, h Harness) {
	d := h.Dialect
	render := func(o ops.Op) (string, error) {
		stmts, err := d.Render([]ops.Op{o}, &dialect.RenderEnv{Current: propSchema()})
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for _, s := range stmts {
			b.WriteString(s.SQL + ";\n")
		}
		return b.String(), nil
	}
	for _, c := range propCarriers {
		for i := 0; i < c.typ.NumField(); i++ {
			f := c.typ.Field(i)
			if !f.IsExported() {
				continue
			}
			key := c.typ.Name() + "." + f.Name
			t.Run(key, func(t *testing.T) {
				if why, ok := notSQL[key]; ok {
					if why == "" {
						t.Fatalf("%s is listed as not SQL without a reason", key)
					}
					return
				}
				fc, ok := propCases[key]
				if !ok {
					t.Fatalf("model field %s is not classified: add it to propCases in dialect/dialecttest/modelprops.go "+
						"with a verdict per dialect (rendered, refused, or kept with why), or to notSQL with why, "+
						"and make each dialect render or refuse it (dialect.CheckOpProperties)", key)
				}
				v, ok := fc.by[d.Name()]
				if !ok {
					t.Fatalf("model field %s has no verdict for dialect %s: add one to propCases", key, d.Name())
				}
				base, variant := c.base(), c.base()
				if fc.prep != nil {
					fc.prep(base)
					fc.prep(variant)
				}
				fc.set(variant)
				want, err := render(base)
				if err != nil {
					t.Fatalf("the probe without %s does not render: %v", key, err)
				}
				got, err := render(variant)
				switch v.class {
				case rendered:
					if err != nil {
						t.Fatalf("%s is classified rendered but Render fails: %v", key, err)
					}
					if got == want {
						t.Fatalf("%s is classified rendered, but setting it leaves the SQL as it was (the renderer ignores it):\n%s", key, got)
					}
				case kept:
					if v.why == "" {
						t.Fatalf("%s is classified kept without a reason", key)
					}
					if err != nil {
						t.Fatalf("%s is classified kept (%s) but Render fails: %v", key, v.why, err)
					}
				case refused:
					checkRefusal(t, key, v.word, variant, err)
				default:
					t.Fatalf("%s: unknown verdict %v", key, v)
				}
			})
		}
	}
}

// doWords are the verbs a refusal uses to say what to do.
var doWords = []string{"remove", "drop", "write", "declare", "use ", "set ", "add ", "leave", "change"}

// checkRefusal checks that err refuses the probe object's property: a
// *dialect.RenderError whose message names the object (probe_*), the
// property (word) and says what to do.
func checkRefusal(t *testing.T, key, word string, o ops.Op, err error) {
	t.Helper()
	var re *dialect.RenderError
	if !errors.As(err, &re) {
		t.Fatalf("%s is classified refused, but Render gives %v (%T), want a *dialect.RenderError", key, err, err)
	}
	msg := err.Error()
	if re.OpName != ops.Name(o) {
		t.Errorf("%s: the error names op %q, want %q: %s", key, re.OpName, ops.Name(o), msg)
	}
	if !strings.Contains(msg, `"probe_`) {
		t.Errorf("%s: the error does not name the object (probe_…): %s", key, msg)
	}
	if !strings.Contains(msg, word) {
		t.Errorf("%s: the error does not name the property (%s): %s", key, word, msg)
	}
	lower := strings.ToLower(msg)
	if !slices.ContainsFunc(doWords, func(w string) bool { return strings.Contains(lower, w) }) {
		t.Errorf("%s: the error does not say what to do: %s", key, msg)
	}
}
