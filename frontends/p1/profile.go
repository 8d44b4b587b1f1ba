package main

import "github.com/p1kit/p1kit/auth"

// The profile file and its variables belong to auth, so that every program
// built on p1kit reads the same profiles (docs/auth.md).
const (
	envConfigDir = auth.EnvConfigDir
	envProfile   = auth.EnvProfile
	// envTarget is the default target environment (--env).
	envTarget = "P1_ENV"
)
