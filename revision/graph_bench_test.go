package revision

import (
	"fmt"
	"math/rand"
	"testing"
)

// benchRevs generates n revisions on one main line with, every 200
// revisions, a side branch of 5 revisions merged back 10 revisions later. Ids
// are scrambled (so graph order is not id order) and the input is shuffled.
func benchRevs(n int) []*Revision {
	id := func(i int) string { return fmt.Sprintf("%012x", (uint64(i)*0x9E3779B97F4A7C15)&(1<<48-1)) }
	revs := make([]*Revision, 0, n)
	prev, sideTip, mergeAt := "", "", -1
	for len(revs) < n {
		i := len(revs)
		r := &Revision{ID: id(i), Path: "versions/" + id(i) + ".yaml"}
		if prev != "" {
			r.DownRevisions = []string{prev}
		}
		if i == mergeAt {
			r.DownRevisions = append(r.DownRevisions, sideTip)
		}
		revs = append(revs, r)
		prev = r.ID
		if i%200 == 100 && n-len(revs) > 20 {
			p := r.ID
			for k := 0; k < 5; k++ {
				s := &Revision{ID: id(len(revs)), DownRevisions: []string{p}}
				revs = append(revs, s)
				p = s.ID
			}
			sideTip, mergeAt = p, len(revs)+10
		}
	}
	rng := rand.New(rand.NewSource(1))
	rng.Shuffle(len(revs), func(i, j int) { revs[i], revs[j] = revs[j], revs[i] })
	return revs
}

var benchSizes = []int{1_000, 10_000, 100_000}

func BenchmarkNewGraph(b *testing.B) {
	for _, n := range benchSizes {
		revs := benchRevs(n)
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewGraph(revs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkHeads(b *testing.B) {
	for _, n := range benchSizes {
		g := mustGraph(b, benchRevs(n)...)
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			for b.Loop() {
				if len(g.Heads()) != 1 {
					b.Fatal("want one head")
				}
			}
		})
	}
}

func BenchmarkUpgradePlan(b *testing.B) {
	for _, n := range benchSizes {
		g := mustGraph(b, benchRevs(n)...)
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				steps, err := g.UpgradePlan(nil, "heads")
				if err != nil || len(steps) != n {
					b.Fatalf("%d steps, %v", len(steps), err)
				}
			}
		})
	}
}

func BenchmarkDowngradePlan(b *testing.B) {
	for _, n := range benchSizes {
		g := mustGraph(b, benchRevs(n)...)
		head := g.Heads()[0].ID
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			for b.Loop() {
				steps, err := g.DowngradePlan([]string{head}, "base")
				if err != nil || len(steps) != n {
					b.Fatalf("%d steps, %v", len(steps), err)
				}
			}
		})
	}
}
