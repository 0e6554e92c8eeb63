package bundle

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"cronica/domain/identity"
	"cronica/eventstore"
)

// lineOf is e as a line of events.jsonl (without the newline's encoding).
func lineOf(e eventstore.RecordedEvent) (EventLine, error) {
	meta, err := eventstore.EncodeMetadata(e.Metadata)
	if err != nil {
		return EventLine{}, fmt.Errorf("bundle: %s version %d: %w", e.StreamID, e.Version, err)
	}
	return EventLine{
		Position:    pos(e.Position),
		StreamID:    e.StreamID,
		Version:     e.Version,
		EventID:     e.ID.String(),
		Type:        e.Type,
		RecordedAt:  timeText(e.Metadata.RecordedAt),
		ActorID:     e.Metadata.ActorID,
		OrgID:       e.Metadata.OrgID,
		Data:        e.Data,
		DataB64:     base64.StdEncoding.EncodeToString(e.Data),
		MetadataB64: base64.StdEncoding.EncodeToString(meta),
		PrevHash:    e.PrevHash.String(),
		Hash:        e.Hash.String(),
	}, nil
}

// eventLines is events.jsonl: one line per event, in the order given,
// encoded as encodeJSON does (one encoder for all).
func eventLines(events []eventstore.RecordedEvent) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for _, e := range events {
		l, err := lineOf(e)
		if err != nil {
			return nil, err
		}
		if err := enc.Encode(l); err != nil {
			return nil, fmt.Errorf("bundle: encode %s version %d: %w", e.StreamID, e.Version, err)
		}
	}
	return out.Bytes(), nil
}

// reportFiles adds each report's file and manifest to files and lists
// them for the manifest. A kept file whose digest is not the recorded one
// is refused: the bundle would not verify.
func (x *Exporter) reportFiles(ctx context.Context, who identity.Principal, rec *record, files map[string][]byte) ([]ManifestReport, error) {
	var out []ManifestReport
	for _, r := range rec.reports {
		f, err := x.cfg.Reports.File(ctx, who, rec.orgID, r.ReportID)
		if err != nil {
			return nil, fmt.Errorf("bundle: the file of report %s: %w", r.ReportID, err)
		}
		if got := digest(f.Bytes); got != f.Report.SHA256 {
			return nil, fmt.Errorf("bundle: the kept file of report %s has SHA-256 %s, its record %s: refused", r.ReportID, got, f.Report.SHA256)
		}
		name := path.Base(f.Report.FileName)
		if name == "." || name == "/" || name == ReportManifest || strings.ContainsAny(name, "\\\x00") {
			return nil, fmt.Errorf("bundle: report %s has an unusable file name %q", r.ReportID, f.Report.FileName)
		}
		dir := DirReports + r.ReportID + "/"
		mb, err := encodeJSON(f.Report, true)
		if err != nil {
			return nil, fmt.Errorf("bundle: encode the manifest of report %s: %w", r.ReportID, err)
		}
		files[dir+ReportManifest] = mb
		files[dir+name] = f.Bytes
		out = append(out, ManifestReport{ReportID: r.ReportID, Type: f.Report.Type, File: dir + name, SHA256: f.Report.SHA256})
	}
	return out, nil
}

// digest is the hex SHA-256 of b.
func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// sums is SHA256SUMS over every file but itself, in sha256sum's format
// ("<hex>  <name>"), sorted by name.
func sums(files map[string][]byte) []byte {
	names := sortedNames(files)
	var b bytes.Buffer
	for _, n := range names {
		if n == FileSums {
			continue
		}
		fmt.Fprintf(&b, "%s  %s\n", digest(files[n]), n)
	}
	return b.Bytes()
}

// sortedNames are the keys of files, sorted.
func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// countingWriter counts and hashes what passes through.
type countingWriter struct {
	w io.Writer
	n int64
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.h.Write(p[:n])
	return n, err
}

// writeZip writes files as a zip whose bytes depend only on them and on
// modified: entries sorted by name, deflated, every entry stamped with
// modified (UTC). It returns the zip's size and SHA-256.
func writeZip(w io.Writer, files map[string][]byte, modified time.Time) (int64, string, error) {
	cw := &countingWriter{w: w, h: sha256.New()}
	zw := zip.NewWriter(cw)
	for _, name := range sortedNames(files) {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return 0, "", err
		}
		if _, err := fw.Write(files[name]); err != nil {
			return 0, "", err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, "", err
	}
	return cw.n, hex.EncodeToString(cw.h.Sum(nil)), nil
}
