// Package lru is a small, concurrency-safe least-recently-used cache of a
// fixed number of entries, for values computed from what users type (stems,
// word counts): without a bound such a cache grows with every new word.
package lru

import (
	"container/list"
	"sync"
)

// Cache holds at most its capacity of entries, dropping the least recently
// used one to make room. A nil *Cache keeps nothing: Get misses, Add does
// nothing.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used; values are *entry[K, V]
	items map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key K
	val V
}

// New returns a cache of at most max entries (max < 1 is taken as 1).
func New[K comparable, V any](max int) *Cache[K, V] {
	max = maxOne(max)
	return &Cache[K, V]{max: max, order: list.New(), items: make(map[K]*list.Element, min(max, 1024))}
}

func maxOne(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Get returns the value for key and whether there was one, marking it used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry[K, V]).val, true
}

// Add sets the value for key, evicting the least recently used entry when
// the cache is full.
func (c *Cache[K, V]) Add(key K, val V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*entry[K, V]).val = val
		c.order.MoveToFront(el)
		return
	}
	if c.order.Len() >= c.max {
		c.evictOldest()
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key: key, val: val})
}

// evictOldest drops the least recently used entry; c.mu is held.
func (c *Cache[K, V]) evictOldest() {
	el := c.order.Back()
	if el == nil {
		return
	}
	c.order.Remove(el)
	delete(c.items, el.Value.(*entry[K, V]).key)
}

// Len is the number of entries held.
func (c *Cache[K, V]) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
