package dialect

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
)

// SetupConnector returns c with stmts run on every connection it makes, in
// order, before the connection is handed out (migrate.yaml's session_setup:
// SET ROLE, SET lock_timeout, PRAGMA …). A dialect's Open wraps its connector
// with it when the URL has SessionSetup; with no statements it returns c.
// A failing statement closes the connection and returns an error naming it.
func SetupConnector(c driver.Connector, stmts []string) driver.Connector {
	if len(stmts) == 0 {
		return c
	}
	return &setupConnector{Connector: c, stmts: append([]string(nil), stmts...)}
}

// DSNConnector is a driver.Connector that opens name with drv, for drivers
// registered by name only.
func DSNConnector(drv driver.Driver, name string) driver.Connector {
	if dc, ok := drv.(driver.DriverContext); ok {
		if c, err := dc.OpenConnector(name); err == nil {
			return c
		}
	}
	return dsnConnector{drv: drv, name: name}
}

type dsnConnector struct {
	drv  driver.Driver
	name string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.name) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

type setupConnector struct {
	driver.Connector
	stmts []string
}

func (c *setupConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range c.stmts {
		if err := execRaw(ctx, conn, q); err != nil {
			conn.Close()
			return nil, fmt.Errorf("session set-up statement %q (session_setup in migrate.yaml) failed: %w; nothing was changed: fix or remove it", q, err)
		}
	}
	return conn, nil
}

// execRaw runs q on a driver connection, through ExecerContext when the
// driver has it, else through a prepared statement.
func execRaw(ctx context.Context, conn driver.Conn, q string) error {
	if ex, ok := conn.(driver.ExecerContext); ok {
		_, err := ex.ExecContext(ctx, q, nil)
		if !errors.Is(err, driver.ErrSkip) {
			return err
		}
	}
	st, err := conn.Prepare(q)
	if err != nil {
		return err
	}
	defer st.Close()
	//lint:ignore SA1019 the fallback for drivers without ExecerContext
	_, err = st.Exec(nil) //nolint:staticcheck
	return err
}
