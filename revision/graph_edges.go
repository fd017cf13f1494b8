package revision

import "strings"

// reservedLabels are identifiers with a meaning of their own; a branch label
// may not shadow them.
var reservedLabels = map[string]bool{"head": true, "heads": true, "base": true, "current": true}

// indexLabels maps each declared branch label to the input index of its
// revision, checking that labels are valid, declared once and not revision ids.
func indexLabels(revs []*Revision, byID map[string]int32) (map[string]int32, error) {
	lab := make(map[string]int32)
	for i, r := range revs {
		for _, l := range r.BranchLabels {
			if l == "" || reservedLabels[l] || strings.ContainsAny(l, "@:, \t\r\n") {
				return nil, graphErr(InvalidRevision, []*Revision{r},
					"branch label %q of revision %s in %s is not valid: it must be non-empty, not one of head, heads, base, current, and hold no '@', ':', ',' or white space",
					l, r.ID, fileOf(r))
			}
			if j, ok := lab[l]; ok {
				if int(j) == i {
					continue // the same label listed twice on one revision
				}
				return nil, graphErr(LabelCollision, []*Revision{revs[j], r},
					"branch label '%s' is declared by revision %s in %s and again by revision %s in %s; a label names one branch, so remove or rename one of them",
					l, revs[j].ID, fileOf(revs[j]), r.ID, fileOf(r))
			}
			if j, ok := byID[l]; ok {
				return nil, graphErr(LabelCollision, []*Revision{r, revs[j]},
					"branch label '%s' of revision %s in %s is also the id of revision %s in %s; rename the label",
					l, r.ID, fileOf(r), l, fileOf(revs[j]))
			}
			lab[l] = int32(i)
		}
	}
	return lab, nil
}

// resolveEdges turns DownRevisions and DependsOn into input indices: par and
// dep in declared order without repeats, pred = par then dep without repeats.
func resolveEdges(revs []*Revision, byID, lab map[string]int32) (par, dep, pred adjacency, err error) {
	n := len(revs)
	par.start = make([]int32, n+1)
	dep.start = make([]int32, n+1)
	pred.start = make([]int32, n+1)
	seen := make([]int32, n) // seen[j] == i+1: j already listed for revision i
	for i, r := range revs {
		mark := int32(i + 1)
		for _, d := range r.DownRevisions {
			j, ok := byID[d]
			if !ok {
				return par, dep, pred, graphErr(MissingRevision, []*Revision{r},
					"revision %s in %s has down_revision '%s', which is not a known revision; fix down_revision in that file or add the missing revision file",
					r.ID, fileOf(r), d)
			}
			if seen[j] != mark {
				seen[j] = mark
				par.nodes = append(par.nodes, j)
				pred.nodes = append(pred.nodes, j)
			}
		}
		depMark := -mark // separate marks so a parent may also be listed in depends_on
		for _, d := range r.DependsOn {
			j, ok := byID[d]
			if !ok {
				j, ok = lab[d]
			}
			if !ok {
				return par, dep, pred, graphErr(MissingRevision, []*Revision{r},
					"revision %s in %s has depends_on '%s', which is neither a known revision id nor a branch label; fix depends_on in that file or add the missing revision file",
					r.ID, fileOf(r), d)
			}
			if seen[j] == depMark {
				continue
			}
			dup := seen[j] == mark
			seen[j] = depMark
			dep.nodes = append(dep.nodes, j)
			if !dup {
				pred.nodes = append(pred.nodes, j)
			}
		}
		par.start[i+1] = int32(len(par.nodes))
		dep.start[i+1] = int32(len(dep.nodes))
		pred.start[i+1] = int32(len(pred.nodes))
	}
	return par, dep, pred, nil
}
