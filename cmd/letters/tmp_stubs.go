package main

import ("context";"io";"errors")

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error { return errors.New("todo") }
func runFeedback(ctx context.Context, args []string, stdout, stderr io.Writer) error { return errors.New("todo") }
