package readapi

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// appendJSON appends b encoded as encoding/json encodes a TaskBoard, its
// cards by taskview.CardView.AppendJSON: a board of thousands of cards is
// most of its answer's time in encoding/json otherwise (cronica bench
// tasks). TestTaskBoard holds it equal to encoding/json's.
func (b TaskBoard) appendJSON(buf []byte) ([]byte, error) {
	list, err := json.Marshal(b.List)
	if err != nil {
		return nil, fmt.Errorf("readapi: encode the board's list: %w", err)
	}
	buf = append(append(append(buf, `{"list":`...), list...), `,"columns":[`...)
	for i, col := range b.Columns {
		if i > 0 {
			buf = append(buf, ',')
		}
		head, err := json.Marshal(col.Column)
		if err != nil {
			return nil, fmt.Errorf("readapi: encode a column: %w", err)
		}
		buf = append(append(buf, head[:len(head)-1]...), `,"tasks":`...) // the column's fields, then its cards
		if col.Tasks == nil {
			buf = append(buf, "null"...)
		} else {
			buf = append(buf, '[')
			for j, card := range col.Tasks {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = card.AppendJSON(buf)
			}
			buf = append(buf, ']')
		}
		buf = strconv.AppendInt(append(buf, `,"total":`...), int64(col.Total), 10)
		buf = append(buf, '}')
	}
	buf = append(append(buf, `],"position":`...), strconv.Quote(b.Position)...)
	return append(buf, '}'), nil
}
