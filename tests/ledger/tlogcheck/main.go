// tlogcheck verifies rongxin's audit ledger with independent code: the Go checksum
// database's transparency-log packages (golang.org/x/mod/sumdb/tlog for RFC 6962/9162
// Merkle proofs, golang.org/x/mod/sumdb/note for signed notes), from Debian's
// golang-golang-x-mod-dev. It reads one JSON document on stdin (see tests/api/ledger.test.mjs),
// prints what it checked and exits non-zero at the first proof or signature that fails.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run tests/ledger/tlogcheck/main.go < in.json
package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type entry struct {
	Index int64    `json:"index"`
	Entry string   `json:"entry"`
	Path  []string `json:"path"`
}

type consistency struct {
	First      int64    `json:"first"`
	FirstRoot  string   `json:"first_root"`
	Second     int64    `json:"second"`
	SecondRoot string   `json:"second_root"`
	Path       []string `json:"path"`
}

type input struct {
	VerifierKey string        `json:"verifier_key"`
	Checkpoint  string        `json:"checkpoint"`
	Size        int64         `json:"size"`
	RootHash    string        `json:"root_hash"`
	Entries     []entry       `json:"entries"`
	Consistency []consistency `json:"consistency"`
}

func hash(text string) tlog.Hash {
	b, err := hex.DecodeString(text)
	if err != nil || len(b) != tlog.HashSize {
		fail("not a hex hash: %q", text)
	}
	var h tlog.Hash
	copy(h[:], b)
	return h
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		out[i] = hash(s)
	}
	return out
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail("input: %v", err)
	}
	verifier, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	n, err := note.Open([]byte(in.Checkpoint), note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("checkpoint origin %q is not %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	root, err2 := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || err2 != nil || size != in.Size || hex.EncodeToString(root) != in.RootHash {
		fail("checkpoint says size %s root %s; the head says %d %s", lines[1], lines[2], in.Size, in.RootHash)
	}
	th := hash(in.RootHash)
	for _, e := range in.Entries {
		data, err := base64.StdEncoding.DecodeString(e.Entry)
		if err != nil {
			fail("entry %d: %v", e.Index, err)
		}
		if err := tlog.CheckRecord(hashes(e.Path), in.Size, th, e.Index, tlog.RecordHash(data)); err != nil {
			fail("entry %d not included in tree %d: %v", e.Index, in.Size, err)
		}
	}
	for _, c := range in.Consistency {
		if err := tlog.CheckTree(hashes(c.Path), c.Second, hash(c.SecondRoot), c.First, hash(c.FirstRoot)); err != nil {
			fail("tree %d is not a prefix of tree %d: %v", c.First, c.Second, err)
		}
	}
	fmt.Printf("tlogcheck: checkpoint signature ok, %d inclusion and %d consistency proofs ok\n",
		len(in.Entries), len(in.Consistency))
}
