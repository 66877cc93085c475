package lru

import (
	"strconv"
	"testing"
)

func TestCache(t *testing.T) {
	tests := []struct {
		name    string
		max     int
		adds    []string // added in order, each with its index as value
		gets    []string // read after the adds, in order (marks them used)
		addMore []string // added after the gets
		want    map[string]int
		wantLen int
	}{
		{"under the bound keeps all", 3, []string{"a", "b"}, nil, nil, map[string]int{"a": 0, "b": 1}, 2},
		{"evicts the oldest", 2, []string{"a", "b", "c"}, nil, nil, map[string]int{"b": 1, "c": 2}, 2},
		{"a read keeps an entry", 2, []string{"a", "b"}, []string{"a"}, []string{"c"}, map[string]int{"a": 0, "c": 0}, 2},
		{"re-adding updates in place", 2, []string{"a", "a", "b"}, nil, nil, map[string]int{"a": 1, "b": 2}, 2},
		{"max below one is one", 0, []string{"a", "b"}, nil, nil, map[string]int{"b": 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New[string, int](tt.max)
			for i, k := range tt.adds {
				c.Add(k, i)
			}
			for _, k := range tt.gets {
				c.Get(k)
			}
			for i, k := range tt.addMore {
				c.Add(k, i)
			}
			if got := c.Len(); got != tt.wantLen {
				t.Errorf("Len() = %d, want %d", got, tt.wantLen)
			}
			for k, want := range tt.want {
				if got, ok := c.Get(k); !ok || got != want {
					t.Errorf("Get(%q) = %d, %v; want %d, true", k, got, ok, want)
				}
			}
		})
	}
}

func TestCacheStaysBounded(t *testing.T) {
	c := New[string, int](100)
	for i := 0; i < 10000; i++ {
		c.Add(strconv.Itoa(i), i)
		if c.Len() > 100 {
			t.Fatalf("after %d adds: Len() = %d, more than 100", i+1, c.Len())
		}
	}
}

func TestNilCache(t *testing.T) {
	var c *Cache[string, int]
	c.Add("a", 1)
	if _, ok := c.Get("a"); ok || c.Len() != 0 {
		t.Error("a nil cache kept a value")
	}
}
