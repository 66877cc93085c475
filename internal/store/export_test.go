package store

// MigrateTo exposes migrateTo to the tests of upgrades.
var MigrateTo = migrateTo
