package render

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"time"
)

// zipWriter builds a zip archive whose bytes depend only on what is put in
// it: every entry is deflated on its own as it is written, and Close writes
// the entries sorted by name, each stamped with the same modification time.
// excelize writes its stream sheets in map order; this writer undoes that.
// It implements excelize.ZipWriter.
type zipWriter struct {
	out      io.Writer
	modified time.Time
	entries  []*zipEntry
	current  *zipEntry
	closed   bool
}

// zipEntry is one deflated file.
type zipEntry struct {
	name       string
	compressed bytes.Buffer
	crc        uint32
	size       uint64
	deflate    *flate.Writer
}

// newZipWriter returns a writer into out whose entries carry modified
// (UTC; MS-DOS time has no zone).
func newZipWriter(out io.Writer, modified time.Time) *zipWriter {
	return &zipWriter{out: out, modified: modified.UTC()}
}

// Create starts an entry; the previous one is finished.
func (z *zipWriter) Create(name string) (io.Writer, error) {
	if z.closed {
		return nil, errors.New("render: zip: create after close")
	}
	if err := z.finish(); err != nil {
		return nil, err
	}
	e := &zipEntry{name: name}
	var err error
	if e.deflate, err = flate.NewWriter(&e.compressed, flate.DefaultCompression); err != nil {
		return nil, err
	}
	z.entries = append(z.entries, e)
	z.current = e
	return e, nil
}

// Write deflates p into the entry and keeps its checksum and size.
func (e *zipEntry) Write(p []byte) (int, error) {
	e.crc = crc32.Update(e.crc, crc32.IEEETable, p)
	e.size += uint64(len(p))
	return e.deflate.Write(p)
}

// finish closes the current entry's compressor.
func (z *zipWriter) finish() error {
	if z.current == nil {
		return nil
	}
	err := z.current.deflate.Close()
	z.current.deflate = nil
	z.current = nil
	return err
}

// AddFS is not used by the renderers.
func (z *zipWriter) AddFS(fs.FS) error {
	return errors.New("render: zip: AddFS is not supported")
}

// Close writes the archive: entries sorted by name (a name written twice
// keeps its last content), then the central directory.
func (z *zipWriter) Close() error {
	if z.closed {
		return nil
	}
	z.closed = true
	if err := z.finish(); err != nil {
		return err
	}
	byName := make(map[string]*zipEntry, len(z.entries))
	names := make([]string, 0, len(z.entries))
	for _, e := range z.entries {
		if _, seen := byName[e.name]; !seen {
			names = append(names, e.name)
		}
		byName[e.name] = e
	}
	slices.Sort(names)
	zw := zip.NewWriter(z.out)
	for _, name := range names {
		e := byName[name]
		date, clock := msDosTime(z.modified)
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			ModifiedDate:       date,
			ModifiedTime:       clock,
			Extra:              extendedTimestamp(z.modified),
			CRC32:              e.crc,
			CompressedSize64:   uint64(e.compressed.Len()),
			UncompressedSize64: e.size,
		})
		if err != nil {
			return err
		}
		if _, err := e.compressed.WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}

// msDosTime is t (UTC) as the MS-DOS date and time a zip header holds,
// clamped to the years 1980-2107 that format can tell.
func msDosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if t.Year() > 2107 {
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// extendedTimestamp is the zip "UT" extra field carrying t's Unix time
// (what archive/zip writes for a header's Modified), so readers see the
// instant in UTC rather than a zoneless MS-DOS time.
func extendedTimestamp(t time.Time) []byte {
	u := t.Unix()
	if u < 0 || u > 1<<32-1 {
		return nil
	}
	m := uint32(u)
	return []byte{0x55, 0x54, 5, 0, 1, byte(m), byte(m >> 8), byte(m >> 16), byte(m >> 24)}
}
