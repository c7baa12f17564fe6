package graph

// QueryForTest runs any read through the path every read API takes, so
// that tests can give it a query slow enough to outlive its deadline.
var QueryForTest = (*Store).query
