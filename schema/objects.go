package schema

import (
	"fmt"
	"slices"
	"strings"
)

// Kinds of ObjectDef: database objects defined by SQL rather than by the
// table model. Which dialect can create which kind is the dialect's business;
// a renderer that cannot create a kind refuses the op with an error naming
// the object, never skips it.
//
//	kind               PostgreSQL  MySQL/MariaDB  SQLite   Definition holds
//	extension          yes         -              -        the version ("" = the default version, and any version installed)
//	schema             yes         -              -        "" (CREATE SCHEMA name)
//	sequence           yes         -              -        the options after the name ("AS integer START WITH 1 …")
//	view               yes         yes            yes      the query after AS (MySQL: or the whole CREATE VIEW statement, for its options)
//	materialized_view  yes         -              -        the query after AS
//	function           yes         yes            -        the whole CREATE FUNCTION statement
//	procedure          yes         yes            -        the whole CREATE PROCEDURE statement
//	aggregate          yes         -              -        what CREATE AGGREGATE name(args) has in parentheses ("SFUNC = f, STYPE = text")
//	trigger            yes         yes            yes      the whole CREATE TRIGGER statement
//	domain             yes         -              -        what follows AS ("integer CONSTRAINT c CHECK (…)")
//	policy             yes         -              -        what follows ON table ("AS PERMISSIVE FOR ALL TO public USING (…)")
//	row_security       yes         -              -        "ENABLE" or "FORCE" (ALTER TABLE … ENABLE [and FORCE] ROW LEVEL SECURITY); Name and Table are the table
//	index              yes         -              -        the whole CREATE INDEX statement (an index on a materialized view; a table's indexes live on Table.Indexes)
//	partition          yes         -              -        the bound ("FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')", "DEFAULT"); Name is the partition, Table its partitioned parent
//	event              -           yes            -        the whole CREATE EVENT statement (MySQL's event scheduler)
//	exclusion_constraint yes       -              -        the constraint as pg_get_constraintdef prints it ("EXCLUDE USING gist (room WITH =, during WITH &&)"); Name is the constraint, Table its table
//	cluster_on         yes         -              -        the name of the index the table is CLUSTERed on (ALTER TABLE … CLUSTER ON index); Name and Table are the table
//
// These are PostgreSQL's CREATE statements (https://www.postgresql.org/docs/current/sql-commands.html);
// the kinds are those alembic_utils offers (PGExtension, PGView,
// PGMaterializedView, PGFunction, PGTrigger, PGPolicy) plus schemas,
// sequences, domains, procedures and indexes on materialized views.
const (
	KindExtension        = "extension"
	KindSchema           = "schema"
	KindSequence         = "sequence"
	KindView             = "view"
	KindMaterializedView = "materialized_view"
	KindFunction         = "function"
	KindProcedure        = "procedure"
	KindAggregate        = "aggregate"
	KindTrigger          = "trigger"
	KindDomain           = "domain"
	KindPolicy           = "policy"
	KindIndex            = "index"
	KindPartition        = "partition"
	KindRowSecurity      = "row_security"
	KindEvent            = "event"
	// KindExclusion is a PostgreSQL exclusion constraint (ALTER TABLE … ADD
	// CONSTRAINT name EXCLUDE USING …,
	// https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-EXCLUDE).
	KindExclusion = "exclusion_constraint"
	// KindClusterOn is the index a PostgreSQL table is marked to be CLUSTERed
	// on (ALTER TABLE … CLUSTER ON index,
	// https://www.postgresql.org/docs/current/sql-altertable.html).
	KindClusterOn = "cluster_on"
)

// ObjectKinds lists every kind of ObjectDef in the order autogenerate creates
// objects of equal standing (extensions and schemas first).
var ObjectKinds = []string{KindExtension, KindSchema, KindSequence, KindDomain, KindFunction, KindProcedure,
	KindAggregate, KindView, KindMaterializedView, KindIndex, KindPartition, KindTrigger, KindEvent, KindPolicy, KindRowSecurity,
	KindExclusion, KindClusterOn}

// KindRank returns kind's position in ObjectKinds, or len(ObjectKinds) for an
// unknown kind.
func KindRank(kind string) int {
	for i, k := range ObjectKinds {
		if k == kind {
			return i
		}
	}
	return len(ObjectKinds)
}

// ObjectDef is a database object defined by SQL: an extension, a schema, a
// sequence, a view, a materialized view, a function, a procedure, a trigger, a
// domain, a row-level security policy, an index on a materialized view, or a
// MySQL event (see the Kind* constants for what Definition holds per kind).
type ObjectDef struct {
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// Schema is the object's schema; "" is the default schema. An extension's
	// Schema is the schema its objects are installed in; a schema object has
	// none (its Name is the schema). A trigger, policy or index is in its
	// table's schema.
	Schema string `json:"schema,omitempty"`
	// Name is the object's name. A function, procedure or aggregate is named with its
	// argument types, as PostgreSQL identifies it ("last_day(timestamp with
	// time zone)"), so that overloads are distinct objects; DROP FUNCTION uses it.
	Name string `json:"name"`
	// Table is the table (or materialized view) a trigger, policy or index is
	// on; "" for the other kinds.
	Table string `json:"table,omitempty"`
	// Definition is the object's SQL; see the Kind* constants for its shape per
	// kind. Inspected objects hold the server's own text (pg_get_viewdef,
	// pg_get_functiondef, pg_get_triggerdef…); autogenerate compares
	// definitions as the server normalises them where the dialect can (see
	// dialect.ObjectNormalizer), and as written (surrounding space trimmed)
	// otherwise.
	Definition string `json:"definition,omitempty"`
	// Comment is the object's comment ("" for none).
	Comment string `json:"comment,omitempty"`
	// DependsOn lists the objects this one needs, as ObjectRef keys
	// ("table:public.customer", "function:public.last_updated()"): autogenerate
	// creates an object after what it depends on and drops it before. Inspectors
	// fill it from the catalog's dependency records; declared objects list what
	// matters for ordering (views after views they read are ordered by it).
	DependsOn []string `json:"depends_on,omitempty"`
}

// ObjectRef returns the key that identifies an object of kind in schemaName
// named name ("view:public.v", "table:customer"); DependsOn lists such keys.
// Kind "table" names a table; "enum" a named enum type.
func ObjectRef(kind, schemaName, name string) string {
	if schemaName == "" {
		return kind + ":" + name
	}
	return kind + ":" + schemaName + "." + name
}

// Key returns the key that identifies o among the objects of a MetaData: its
// ObjectRef, with the table in front of the name for the kinds that live on a
// table (triggers, policies, indexes), whose names are unique per table only.
// An extension's key has no schema: its name is unique in the database.
func (o *ObjectDef) Key() string {
	if o.Kind == KindExtension {
		return ObjectRef(o.Kind, "", o.Name) // extensions are database-wide
	}
	if o.Table != "" {
		return ObjectRef(o.Kind, o.Schema, o.Table+"."+o.Name)
	}
	return ObjectRef(o.Kind, o.Schema, o.Name)
}

// Ref returns the ObjectRef key other objects use in DependsOn to name o.
func (o *ObjectDef) Ref() string { return o.Key() }

// OnTable reports whether objects of kind live on a table (trigger, policy,
// index) and need ObjectDef.Table.
func OnTable(kind string) bool {
	return kind == KindTrigger || kind == KindPolicy || kind == KindIndex || kind == KindPartition || kind == KindRowSecurity ||
		kind == KindExclusion || kind == KindClusterOn
}

// Clone returns a deep copy of o.
func (o *ObjectDef) Clone() *ObjectDef {
	if o == nil {
		return nil
	}
	x := *o
	x.DependsOn = cloneList(o.DependsOn)
	return &x
}

// FindObject returns the object of kind in schemaName named name (on table, for
// triggers, policies and indexes), or nil.
func (m *MetaData) FindObject(kind, schemaName, table, name string) *ObjectDef {
	if m == nil {
		return nil
	}
	for _, o := range m.Objects {
		if o.Kind == kind && o.Schema == schemaName && o.Name == name && o.Table == table {
			return o
		}
	}
	return nil
}

// ManageObjects makes autogenerate compare objects of these kinds (Kind*
// constants; none given: every kind) even when m declares none of them, so
// that live ones are proposed for dropping. Without it a kind is compared only
// when m declares at least one object of that kind, as alembic_utils compares
// only the entity types given to register_entities: a database's views are
// left alone until the metadata declares a view.
func (m *MetaData) ManageObjects(kinds ...string) {
	if len(kinds) == 0 {
		kinds = ObjectKinds
	}
	for _, k := range kinds {
		if KindRank(k) == len(ObjectKinds) {
			m.fail("ManageObjects: unknown object kind %q (known: %s)", k, strings.Join(ObjectKinds, ", "))
			continue
		}
		if !slices.Contains(m.ManagedKinds, k) {
			m.ManagedKinds = append(m.ManagedKinds, k)
		}
	}
}

// ManagesKind reports whether autogenerate compares objects of kind for m: m
// declares one, or lists the kind in ManagedKinds.
func (m *MetaData) ManagesKind(kind string) bool {
	if m == nil {
		return false
	}
	if slices.Contains(m.ManagedKinds, kind) {
		return true
	}
	return slices.ContainsFunc(m.Objects, func(o *ObjectDef) bool { return o.Kind == kind })
}

// ObjectBuilder is what the object declarations (MetaData.View, Function, …)
// return: a handle that sets the object's comment and dependencies.
type ObjectBuilder struct {
	o *ObjectDef
}

// Object returns the declared object.
func (b *ObjectBuilder) Object() *ObjectDef { return b.o }

// Comment sets the object's comment and returns the builder.
func (b *ObjectBuilder) Comment(text string) *ObjectBuilder {
	b.o.Comment = text
	return b
}

// DependsOn adds ObjectRef keys of objects this one needs ("table:customer",
// "view:public.v", "function:public.f(integer)") and returns the builder;
// autogenerate creates the object after them and drops it before them.
func (b *ObjectBuilder) DependsOn(refs ...string) *ObjectBuilder {
	b.o.DependsOn = append(b.o.DependsOn, refs...)
	return b
}

// splitObjectName splits "schema.name" into its parts; a function signature's
// dots inside the parentheses ("f(public.customer)") do not split it.
func splitObjectName(full string) (string, string) {
	head := full
	if i := strings.IndexByte(full, '('); i >= 0 {
		head = full[:i]
	}
	if i := strings.LastIndexByte(head, '.'); i > 0 {
		return full[:i], full[i+1:]
	}
	return "", full
}

// declareObject adds an object of kind named full ("name" or "schema.name")
// with definition to m.
func (m *MetaData) declareObject(kind, table, full, definition string) *ObjectBuilder {
	o := &ObjectDef{Kind: kind, Definition: strings.TrimSpace(definition)}
	o.Schema, o.Name = splitObjectName(full)
	if table != "" {
		ts, tn := splitObjectName(table)
		if o.Schema == "" {
			o.Schema = ts
		}
		o.Table = tn
		if ts != "" && ts != o.Schema {
			m.fail("%s %q: its schema %q differs from its table's %q; it lives in its table's schema", kind, full, o.Schema, ts)
		}
	}
	m.Objects = append(m.Objects, o)
	return &ObjectBuilder{o: o}
}

// Extension declares a PostgreSQL extension (CREATE EXTENSION name), installed
// in the default schema; SchemaVersion gives a schema and a version.
func (m *MetaData) Extension(name string) *ObjectBuilder {
	return m.declareObject(KindExtension, "", name, "")
}

// ExtensionIn declares a PostgreSQL extension installed in schemaName ("" for
// the default) at version ("" for the extension's default version):
// CREATE EXTENSION name SCHEMA schemaName VERSION 'version'.
func (m *MetaData) ExtensionIn(name, schemaName, version string) *ObjectBuilder {
	b := m.declareObject(KindExtension, "", name, version)
	b.o.Schema = schemaName
	return b
}

// Schema declares a database schema (CREATE SCHEMA name), for the tables and
// objects declared in it ("name.table"). Autogenerate compares schema objects
// only with include_schemas.
func (m *MetaData) Schema(name string) *ObjectBuilder {
	return m.declareObject(KindSchema, "", name, "")
}

// Sequence declares a free-standing sequence named name ("name" or
// "schema.name") with options as CREATE SEQUENCE takes them after the name
// ("START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1", "" for the
// defaults). A serial or identity column's own sequence is part of its column
// (ColumnBuilder.Serial), not declared here.
func (m *MetaData) Sequence(name, options string) *ObjectBuilder {
	return m.declareObject(KindSequence, "", name, options)
}

// View declares a view named name ("name" or "schema.name") whose query is
// query (the SELECT after CREATE VIEW … AS).
func (m *MetaData) View(name, query string) *ObjectBuilder {
	return m.declareObject(KindView, "", name, query)
}

// MaterializedView declares a PostgreSQL materialized view named name whose
// query is query (the SELECT after CREATE MATERIALIZED VIEW … AS).
func (m *MetaData) MaterializedView(name, query string) *ObjectBuilder {
	return m.declareObject(KindMaterializedView, "", name, query)
}

// Function declares a function. signature names it with its argument types,
// as DROP FUNCTION takes them ("last_day(timestamp with time zone)",
// "billing.total(integer, integer)"); definition is the whole CREATE FUNCTION
// (or CREATE OR REPLACE FUNCTION) statement.
func (m *MetaData) Function(signature, definition string) *ObjectBuilder {
	return m.declareObject(KindFunction, "", signature, definition)
}

// Procedure declares a procedure as Function declares a function; definition
// is the whole CREATE PROCEDURE statement.
func (m *MetaData) Procedure(signature, definition string) *ObjectBuilder {
	return m.declareObject(KindProcedure, "", signature, definition)
}

// Aggregate declares a PostgreSQL aggregate. signature names it with its
// argument types ("group_concat(text)"); definition is what CREATE AGGREGATE
// takes in parentheses ("SFUNC = _group_concat, STYPE = text").
func (m *MetaData) Aggregate(signature, definition string) *ObjectBuilder {
	return m.declareObject(KindAggregate, "", signature, definition)
}

// Trigger declares trigger name on table ("table" or "schema.table");
// definition is the whole CREATE TRIGGER statement.
func (m *MetaData) Trigger(table, name, definition string) *ObjectBuilder {
	return m.declareObject(KindTrigger, table, name, definition)
}

// Event declares a MySQL/MariaDB event (the event scheduler's CREATE EVENT)
// named name ("name" or "database.name"); definition is the whole CREATE
// EVENT statement: "CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO DELETE FROM
// log WHERE at < NOW() - INTERVAL 30 DAY"
// (https://dev.mysql.com/doc/refman/8.0/en/create-event.html).
func (m *MetaData) Event(name, definition string) *ObjectBuilder {
	return m.declareObject(KindEvent, "", name, definition)
}

// Domain declares a PostgreSQL domain named name; definition is what follows
// CREATE DOMAIN name AS ("integer CONSTRAINT year_check CHECK (VALUE >= 1901)").
func (m *MetaData) Domain(name, definition string) *ObjectBuilder {
	return m.declareObject(KindDomain, "", name, definition)
}

// Policy declares a PostgreSQL row-level security policy name on table;
// definition is what follows CREATE POLICY name ON table ("FOR SELECT TO
// PUBLIC USING (owner = current_user)").
func (m *MetaData) Policy(table, name, definition string) *ObjectBuilder {
	return m.declareObject(KindPolicy, table, name, definition)
}

// ObjectIndex declares index name on a materialized view on; definition is the
// whole CREATE INDEX statement. A table's indexes are declared with Index in
// MetaData.Table instead.
func (m *MetaData) ObjectIndex(on, name, definition string) *ObjectBuilder {
	return m.declareObject(KindIndex, on, name, definition)
}

// Partition declares table partition (a table declared with MetaData.Table,
// with the parent's columns) as a partition of partitioned table parent (one
// declared with PartitionBy), with bound as ALTER TABLE … ATTACH PARTITION
// takes it: "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')", "FOR VALUES
// IN ('eu')", "FOR VALUES WITH (MODULUS 4, REMAINDER 0)" or "DEFAULT".
func (m *MetaData) Partition(parent, partition, bound string) *ObjectBuilder {
	return m.declareObject(KindPartition, parent, partition, bound)
}

// RowSecurity enables row-level security on table (PostgreSQL's ALTER TABLE …
// ENABLE ROW LEVEL SECURITY), forced on the table's owner too when force is
// set (FORCE ROW LEVEL SECURITY); its policies are declared with Policy.
func (m *MetaData) RowSecurity(table string, force bool) *ObjectBuilder {
	_, name := splitObjectName(table)
	def := "ENABLE"
	if force {
		def = "FORCE"
	}
	return m.declareObject(KindRowSecurity, table, name, def)
}

// Exclude declares exclusion constraint name on table ("table" or
// "schema.table"; PostgreSQL). definition is the constraint as
// pg_get_constraintdef prints it, with or without the leading EXCLUDE:
// "EXCLUDE USING gist (room WITH =, during WITH &&)", optionally followed by
// WHERE (predicate) and DEFERRABLE [INITIALLY DEFERRED]. The constraint owns
// an index of the same name, which is not declared with Index. Written as the
// server prints it (migrate inspect --format go shows that text), it compares
// equal without the server's help.
func (m *MetaData) Exclude(table, name, definition string) *ObjectBuilder {
	return m.declareObject(KindExclusion, table, name, excludeDefinition(definition))
}

// excludeDefinition puts EXCLUDE in front of a definition written without it.
func excludeDefinition(def string) string {
	def = strings.TrimSpace(def)
	if len(def) >= 7 && strings.EqualFold(def[:7], "EXCLUDE") {
		return def
	}
	return "EXCLUDE " + def
}

// ClusterOn marks table ("table" or "schema.table"; PostgreSQL) as clustered
// on its index index (ALTER TABLE … CLUSTER ON index): what a plain CLUSTER
// of the table orders its rows by. The index is declared on the table (Index,
// a primary key, a unique constraint, an exclusion constraint); autogenerate
// sets the mark after the index is created and removes it (SET WITHOUT
// CLUSTER) before the index is dropped. Rows are not reordered.
func (m *MetaData) ClusterOn(table, index string) *ObjectBuilder {
	_, name := splitObjectName(table)
	return m.declareObject(KindClusterOn, table, name, index)
}

// Exclude is the table item that declares exclusion constraint name on the
// table being declared, as MetaData.Exclude does.
func Exclude(name, definition string) TableItem {
	return constraintItem(func(tb *tableBuild) {
		tb.m.Exclude(qualifiedName(tb.t), name, definition)
	})
}

// ClusterOn is the table item that marks the table being declared as
// clustered on its index index, as MetaData.ClusterOn does.
func ClusterOn(index string) TableItem {
	return constraintItem(func(tb *tableBuild) {
		tb.m.ClusterOn(qualifiedName(tb.t), index)
	})
}

// qualifiedName is t's name with its schema in front, when it has one.
func qualifiedName(t *Table) string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// PartitionBy makes the table partitioned by key, as CREATE TABLE …
// PARTITION BY takes it ("RANGE (payment_date)"; PostgreSQL), and returns the
// builder. Its partitions are declared with MetaData.Partition.
func (b *TableBuilder) PartitionBy(key string) *TableBuilder {
	b.t.PartitionBy = strings.TrimSpace(key)
	return b
}

// validateObjects returns the mistakes in m.Objects: an unknown kind, an empty
// name, a trigger, policy or index without its table, an object declared
// twice, an empty definition where the kind needs one.
func (m *MetaData) validateObjects() []error {
	var errs []error
	seen := map[string]bool{}
	for _, o := range m.Objects {
		if o == nil {
			errs = append(errs, fmt.Errorf("an object is nil"))
			continue
		}
		switch {
		case KindRank(o.Kind) == len(ObjectKinds):
			errs = append(errs, fmt.Errorf("object %q has unknown kind %q (known: %s)", o.Name, o.Kind, strings.Join(ObjectKinds, ", ")))
		case o.Name == "":
			errs = append(errs, fmt.Errorf("a %s has an empty name", o.Kind))
		case OnTable(o.Kind) && o.Table == "":
			errs = append(errs, fmt.Errorf("%s %q names no table", o.Kind, o.Name))
		case !OnTable(o.Kind) && o.Table != "":
			errs = append(errs, fmt.Errorf("%s %q names table %q, but only triggers, policies and indexes are on a table", o.Kind, o.Name, o.Table))
		case (o.Kind == KindFunction || o.Kind == KindProcedure || o.Kind == KindAggregate) && !strings.HasSuffix(o.Name, ")"):
			errs = append(errs, fmt.Errorf("%s %q: name it with its argument types, \"%s()\" or \"%s(integer, text)\"", o.Kind, o.Name, o.Name, o.Name))
		case o.Definition == "" && o.Kind != KindExtension && o.Kind != KindSchema && o.Kind != KindSequence:
			errs = append(errs, fmt.Errorf("%s %q has no definition", o.Kind, o.Name))
		}
		if seen[o.Key()] {
			errs = append(errs, fmt.Errorf("%s %q is declared twice", o.Kind, o.Key()))
		}
		seen[o.Key()] = true
	}
	return errs
}
