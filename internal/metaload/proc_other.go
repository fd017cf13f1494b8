//go:build !unix

package metaload

import (
	"os/exec"
	"time"
)

// stopGroup makes cancelling cmd's context kill it, and stops waiting for its
// output a few seconds later.
func stopGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = 5 * time.Second
}
