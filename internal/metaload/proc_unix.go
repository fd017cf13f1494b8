//go:build unix

package metaload

import (
	"os/exec"
	"syscall"
	"time"
)

// stopGroup runs cmd in a process group of its own and makes cancelling its
// context interrupt the whole group (go build and the compiler or linker it is
// running), so that go build removes its work directory and exits promptly; if it
// has not exited after a few seconds it is killed.
func stopGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = 5 * time.Second
}
