package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// MaxSize is the largest migrate.yaml Load accepts, in bytes (1 MiB): a real
// config is a few hundred bytes, and the cap keeps a wrong path (a log, a dump,
// /dev/zero behind a symlink) from being read into memory.
const MaxSize = 1 << 20

// readFile reads the config file at path. It opens the file without blocking
// (a FIFO without a writer would otherwise block the open forever, deaf to
// signals), checks on the open descriptor that it is a regular file, and reads
// at most MaxSize+1 bytes.
func readFile(path string) ([]byte, error) {
	f, err := openNoBlock(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &ConfigError{Path: path, Err: ErrNoConfig, Msg: "no such file: run `migrate init` to create one, or pass -c/--config PATH"}
		}
		return nil, &ConfigError{Path: path, Err: err, Msg: "cannot open the config file: " + describe(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &ConfigError{Path: path, Err: err, Msg: "cannot read the config file: " + describe(err)}
	}
	if !st.Mode().IsRegular() {
		return nil, &ConfigError{Path: path, Msg: fmt.Sprintf("is %s, not a regular file: pass -c/--config with the path of your migrate.yaml", kind(st.Mode()))}
	}
	if st.Size() > MaxSize {
		return nil, &ConfigError{Path: path, Msg: fmt.Sprintf("file is %d bytes, more than the %d-byte limit for a config file; is it really migrate.yaml?", st.Size(), MaxSize)}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, &ConfigError{Path: path, Err: err, Msg: "cannot read the config file: " + describe(err)}
	}
	if len(data) > MaxSize {
		return nil, &ConfigError{Path: path, Msg: fmt.Sprintf("file is more than the %d-byte limit for a config file; is it really migrate.yaml?", MaxSize)}
	}
	return data, nil
}

// describe is err's message without the path, which ConfigError prints first.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// kind names a file mode that is not a regular file, for an error message.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (mode " + m.String() + ")"
}
