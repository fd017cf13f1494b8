package postgres

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Rendering of create_object, drop_object and replace_object: the statements of
// https://www.postgresql.org/docs/current/sql-commands.html per kind.
//
//   - extension: CREATE EXTENSION name [SCHEMA s] [VERSION 'v']; a replace
//     that changes only the version is ALTER EXTENSION … UPDATE TO 'v'.
//   - schema: CREATE SCHEMA name.
//   - sequence: CREATE SEQUENCE s.name options.
//   - domain: CREATE DOMAIN s.name AS definition.
//   - view, materialized_view: CREATE [MATERIALIZED] VIEW s.name AS query; a
//     view is replaced with CREATE OR REPLACE VIEW.
//   - function, procedure: the definition as written, between SET
//     check_function_bodies = false and RESET check_function_bodies (as
//     pg_dump does), so that a LANGUAGE sql body may read tables created
//     later in the same run; a replace writes CREATE OR REPLACE.
//   - aggregate: CREATE AGGREGATE s.name(args) (definition).
//   - trigger, index: the definition as written.
//   - policy: CREATE POLICY name ON s.table definition.
//   - partition: ALTER TABLE s.parent ATTACH PARTITION s.name bound; dropped
//     by DETACH PARTITION (the table stays).
//   - row_security: ALTER TABLE s.table ENABLE ROW LEVEL SECURITY (and FORCE
//     ROW LEVEL SECURITY for "FORCE"); dropped by NO FORCE and DISABLE.
//   - exclusion_constraint: ALTER TABLE s.table ADD CONSTRAINT name
//     definition (EXCLUDE USING …); dropped by ALTER TABLE … DROP CONSTRAINT.
//   - cluster_on: ALTER TABLE s.table CLUSTER ON index; dropped by ALTER
//     TABLE … SET WITHOUT CLUSTER. Neither reorders rows.
//   - comment: COMMENT ON <kind> … IS '…' (a partition's comment is its
//     table's; row security and cluster_on have none; an exclusion
//     constraint's is COMMENT ON CONSTRAINT name ON table).
//
// Drops are DROP <kind> without CASCADE, so the server refuses to drop what
// another object still needs. Replacing any other kind (or a materialized
// view) drops and creates it.

// objectKeyword is the SQL keyword of kind in CREATE, DROP and COMMENT ON.
var objectKeyword = map[string]string{
	schema.KindExtension: "EXTENSION", schema.KindSchema: "SCHEMA", schema.KindSequence: "SEQUENCE",
	schema.KindDomain: "DOMAIN", schema.KindView: "VIEW", schema.KindMaterializedView: "MATERIALIZED VIEW",
	schema.KindFunction: "FUNCTION", schema.KindProcedure: "PROCEDURE", schema.KindAggregate: "AGGREGATE", schema.KindTrigger: "TRIGGER",
	schema.KindPolicy: "POLICY", schema.KindIndex: "INDEX", schema.KindPartition: "PARTITION",
	schema.KindRowSecurity: "ROW LEVEL SECURITY", schema.KindExclusion: "CONSTRAINT", schema.KindClusterOn: "CLUSTER",
}

// objectTarget returns how DROP and COMMENT ON name x after the keyword:
// "s.name", "s.f(integer)", "name ON s.table".
func (d Dialect) objectTarget(x *schema.ObjectDef) (string, error) {
	if x.Name == "" {
		return "", fmt.Errorf("%s %w", x.Kind, errNoName)
	}
	switch x.Kind {
	case schema.KindExtension, schema.KindSchema:
		return d.QuoteIdent(x.Name), nil
	case schema.KindFunction, schema.KindProcedure, schema.KindAggregate:
		name, args, ok := strings.Cut(x.Name, "(")
		if !ok || !strings.HasSuffix(args, ")") {
			return "", fmt.Errorf("%s %q: name it with its argument types, as in %s()", x.Kind, x.Name, x.Name)
		}
		return qualify(x.Schema, name) + "(" + args, nil
	case schema.KindTrigger, schema.KindPolicy, schema.KindExclusion:
		if x.Table == "" {
			return "", fmt.Errorf("%s %q names no table", x.Kind, x.Name)
		}
		return d.QuoteIdent(x.Name) + " ON " + qualify(x.Schema, x.Table), nil
	case schema.KindSequence, schema.KindDomain, schema.KindView, schema.KindMaterializedView, schema.KindIndex:
		return qualify(x.Schema, x.Name), nil
	case schema.KindPartition:
		if x.Table == "" {
			return "", fmt.Errorf("partition %q names no partitioned table", x.Name)
		}
		return qualify(x.Schema, x.Name), nil
	case schema.KindRowSecurity, schema.KindClusterOn:
		if x.Table == "" {
			return "", fmt.Errorf("%s %q names no table", x.Kind, x.Name)
		}
		return qualify(x.Schema, x.Table), nil
	}
	return "", fmt.Errorf("unknown object kind %q: %w", x.Kind, dialect.ErrObjectUnsupported)
}

// objectCommentSQL returns COMMENT ON for x's comment (IS NULL for none).
func (d Dialect) objectCommentSQL(x *schema.ObjectDef) (string, error) {
	target, err := d.objectTarget(x)
	if err != nil {
		return "", err
	}
	v := "NULL"
	if x.Comment != "" {
		v = quoteString(x.Comment)
	}
	return "COMMENT ON " + objectKeyword[x.Kind] + " " + target + " IS " + v, nil
}

var createOrReplace = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?`)

// createObjectSQL returns the statements that create x, its comment included;
// orReplace writes CREATE OR REPLACE for views and functions.
func (d Dialect) createObjectSQL(x *schema.ObjectDef, orReplace bool) ([]string, error) {
	target, err := d.objectTarget(x)
	if err != nil {
		return nil, err
	}
	def := strings.TrimSpace(x.Definition)
	for strings.HasSuffix(def, ";") {
		def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
	}
	if err := dialect.CheckScriptSQL(def); err != nil {
		return nil, err
	}
	needDef := func() error {
		if def == "" {
			return fmt.Errorf("%s %q has no definition", x.Kind, x.Name)
		}
		return nil
	}
	var out []string
	switch x.Kind {
	case schema.KindExtension:
		s := "CREATE EXTENSION " + target
		if x.Schema != "" {
			s += " SCHEMA " + d.QuoteIdent(x.Schema)
		}
		if def != "" {
			s += " VERSION " + quoteString(def)
		}
		out = append(out, s)
	case schema.KindSchema:
		out = append(out, "CREATE SCHEMA "+target)
	case schema.KindSequence:
		out = append(out, strings.TrimSpace("CREATE SEQUENCE "+target+" "+def))
	case schema.KindDomain, schema.KindView, schema.KindMaterializedView:
		if err := needDef(); err != nil {
			return nil, err
		}
		verb := "CREATE "
		if orReplace && x.Kind == schema.KindView {
			verb = "CREATE OR REPLACE "
		}
		out = append(out, verb+objectKeyword[x.Kind]+" "+target+" AS "+def)
	case schema.KindFunction, schema.KindProcedure:
		if err := needDef(); err != nil {
			return nil, err
		}
		if !createOrReplace.MatchString(def) {
			return nil, fmt.Errorf("%s %q: the definition must be the whole CREATE %s statement", x.Kind, x.Name, objectKeyword[x.Kind])
		}
		if orReplace {
			def = createOrReplace.ReplaceAllString(def, "CREATE OR REPLACE ")
		}
		out = append(out, "SET check_function_bodies = false", def, "RESET check_function_bodies")
	case schema.KindTrigger, schema.KindIndex:
		if err := needDef(); err != nil {
			return nil, err
		}
		if !createOrReplace.MatchString(def) {
			return nil, fmt.Errorf("%s %q: the definition must be the whole CREATE %s statement", x.Kind, x.Name, objectKeyword[x.Kind])
		}
		out = append(out, def)
	case schema.KindPolicy:
		out = append(out, strings.TrimSpace("CREATE POLICY "+target+" "+def))
	case schema.KindPartition:
		if err := needDef(); err != nil {
			return nil, err
		}
		out = append(out, "ALTER TABLE "+qualify(x.Schema, x.Table)+" ATTACH PARTITION "+target+" "+def)
	case schema.KindRowSecurity:
		out = append(out, "ALTER TABLE "+target+" ENABLE ROW LEVEL SECURITY")
		switch strings.ToUpper(def) {
		case "FORCE":
			out = append(out, "ALTER TABLE "+target+" FORCE ROW LEVEL SECURITY")
		case "ENABLE", "":
		default:
			return nil, fmt.Errorf("row_security on %q: definition %q is neither ENABLE nor FORCE", x.Table, def)
		}
	case schema.KindAggregate:
		if err := needDef(); err != nil {
			return nil, err
		}
		out = append(out, "CREATE AGGREGATE "+target+" ("+def+")")
	case schema.KindExclusion:
		if err := needDef(); err != nil {
			return nil, err
		}
		if len(def) < 7 || !strings.EqualFold(def[:7], "EXCLUDE") {
			return nil, fmt.Errorf("exclusion_constraint %q on %q: the definition must start with EXCLUDE (EXCLUDE USING gist (col WITH =, …))", x.Name, x.Table)
		}
		out = append(out, "ALTER TABLE "+qualify(x.Schema, x.Table)+" ADD CONSTRAINT "+d.QuoteIdent(x.Name)+" "+def)
	case schema.KindClusterOn:
		if def == "" {
			return nil, fmt.Errorf("cluster_on %q: the definition must name the index the table is clustered on", x.Table)
		}
		out = append(out, "ALTER TABLE "+target+" CLUSTER ON "+d.QuoteIdent(def))
	default:
		return nil, fmt.Errorf("unknown object kind %q: %w", x.Kind, dialect.ErrObjectUnsupported)
	}
	if x.Comment != "" && x.Kind != schema.KindPartition && x.Kind != schema.KindRowSecurity && x.Kind != schema.KindClusterOn {
		c, err := d.objectCommentSQL(x)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// dropObjectSQL returns DROP <kind> for x, without CASCADE.
func (d Dialect) dropObjectSQL(x *schema.ObjectDef) ([]string, error) {
	target, err := d.objectTarget(x)
	if err != nil {
		return nil, err
	}
	if x.Kind == schema.KindPartition {
		return []string{"ALTER TABLE " + qualify(x.Schema, x.Table) + " DETACH PARTITION " + target}, nil
	}
	if x.Kind == schema.KindExclusion {
		return []string{"ALTER TABLE " + qualify(x.Schema, x.Table) + " DROP CONSTRAINT " + d.QuoteIdent(x.Name)}, nil
	}
	if x.Kind == schema.KindClusterOn {
		return []string{"ALTER TABLE " + target + " SET WITHOUT CLUSTER"}, nil
	}
	if x.Kind == schema.KindRowSecurity {
		return []string{"ALTER TABLE " + target + " NO FORCE ROW LEVEL SECURITY", "ALTER TABLE " + target + " DISABLE ROW LEVEL SECURITY"}, nil
	}
	return []string{"DROP " + objectKeyword[x.Kind] + " " + target}, nil
}

// replaceObjectSQL renders replace_object: only COMMENT ON when the definition
// is unchanged, ALTER EXTENSION UPDATE for a new extension version, CREATE OR
// REPLACE for views and functions, a drop and a create otherwise.
func (d Dialect) replaceObjectSQL(o *ops.ReplaceObject) ([]string, error) {
	x := o.Object
	if x == nil {
		return nil, fmt.Errorf("replace_object has no object")
	}
	old := o.Existing
	if old != nil && strings.TrimSpace(old.Definition) == strings.TrimSpace(x.Definition) {
		if old.Comment == x.Comment {
			return nil, nil
		}
		c, err := d.objectCommentSQL(x)
		if err != nil {
			return nil, err
		}
		return []string{c}, nil
	}
	switch x.Kind {
	case schema.KindExtension:
		target, err := d.objectTarget(x)
		if err != nil {
			return nil, err
		}
		s := "ALTER EXTENSION " + target + " UPDATE"
		if def := strings.TrimSpace(x.Definition); def != "" {
			s += " TO " + quoteString(def)
		}
		out := []string{s}
		if old == nil || old.Comment != x.Comment {
			c, err := d.objectCommentSQL(x)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	case schema.KindView, schema.KindFunction, schema.KindProcedure:
		out, err := d.createObjectSQL(x, true)
		if err != nil {
			return nil, err
		}
		if x.Comment == "" && old != nil && old.Comment != "" {
			c, err := d.objectCommentSQL(x)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	drop, err := d.dropObjectSQL(x)
	if err != nil {
		return nil, err
	}
	create, err := d.createObjectSQL(x, false)
	if err != nil {
		return nil, err
	}
	return append(drop, create...), nil
}

// renderObjectOp renders an object op.
func (d Dialect) renderObjectOp(o ops.Op) ([]string, error) {
	switch o := o.(type) {
	case *ops.CreateObject:
		if o.Object == nil {
			return nil, fmt.Errorf("create_object has no object")
		}
		return d.createObjectSQL(o.Object, false)
	case *ops.DropObject:
		return d.dropObjectSQL(&schema.ObjectDef{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table})
	case *ops.ReplaceObject:
		return d.replaceObjectSQL(o)
	}
	return nil, fmt.Errorf("not an object operation: %T", o)
}
