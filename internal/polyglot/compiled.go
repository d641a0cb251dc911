package polyglot

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// newerJDK is the JDK a Java program needs beyond 21, and why: P05Pinning calls C through the
// foreign function API, final in JDK 22.
var newerJDK = map[string]struct {
	major int
	why   string
}{
	"P05Pinning.java": {22, "the foreign function API, which it calls C with"},
}

// prepareJava compiles the program with the newest JDK of at least 21 it finds ($JAVA_HOME,
// then /usr/lib/jvm, then the PATH) and runs its class with that JDK's java, which lets it call
// native code without a warning.
func prepareJava(dir, program string) ([]string, string, error) {
	home, major, version, err := findJDK()
	if err != nil {
		return nil, "", err
	}
	if need, ok := newerJDK[program]; ok && major < need.major {
		return nil, "", &NotInstalled{Runtime: fmt.Sprintf("a JDK %d or newer (%s; the newest here is %s)", need.major, need.why, version), Install: "temurin-25-jdk"}
	}
	classes := filepath.Join(dir, "java", "classes")
	if out, err := exec.Command(filepath.Join(home, "bin", "javac"), "-d", classes, filepath.Join(dir, "java", program)).CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("javac %s: %v\n%s", program, err, out)
	}
	return []string{filepath.Join(home, "bin", "java"), "--enable-native-access=ALL-UNNAMED", "-cp", classes, strings.TrimSuffix(program, ".java")}, version, nil
}

// JDK is the newest JDK of at least 21 that the Java programs run on: its major version and
// its version line. A machine without one gets a *NotInstalled.
func JDK() (major int, version string, err error) {
	_, major, version, err = findJDK()
	return major, version, err
}

// findJDK returns the home of the newest JDK of at least version 21, its major version and its
// version line.
func findJDK() (string, int, string, error) {
	var homes []string
	if h := os.Getenv("JAVA_HOME"); h != "" {
		homes = append(homes, h)
	}
	jvms := glob("/usr/lib/jvm/*")
	slices.Reverse(jvms)
	homes = append(homes, jvms...)
	if java, err := exec.LookPath("java"); err == nil {
		if real, err := filepath.EvalSymlinks(java); err == nil {
			homes = append(homes, filepath.Dir(filepath.Dir(real)))
		}
	}
	best, bestMajor, bestVersion := "", 0, ""
	for _, h := range homes {
		if !exists(filepath.Join(h, "bin", "java"), filepath.Join(h, "bin", "javac")) {
			continue
		}
		version, err := output(filepath.Join(h, "bin", "java"), "-version")
		if err != nil {
			continue
		}
		if major := javaMajor(version); major > bestMajor {
			best, bestMajor, bestVersion = h, major, strings.SplitN(version, "\n", 2)[0]
		}
	}
	if bestMajor < 21 {
		return "", 0, "", &NotInstalled{Runtime: "a JDK 21 or newer (virtual threads)", Install: "temurin-25-jdk or openjdk-21-jdk"}
	}
	return best, bestMajor, bestVersion, nil
}

// javaMajor reads the major version from `java -version`'s first line (`... version "25.0.3" ...`).
func javaMajor(version string) int {
	_, rest, ok := strings.Cut(version, `version "`)
	if !ok {
		return 0
	}
	major, _, _ := strings.Cut(rest, ".")
	major, _, _ = strings.Cut(major, `"`)
	n, _ := strconv.Atoi(major)
	return n
}

// prepareRust builds the Cargo project offline against Debian's packaged crates, into a cache
// directory that outlives the process (the first build takes seconds), and runs the binary
// named program. A program named as a source file (ownership/counters.rs) needs no crate: rustc
// compiles it alone.
func prepareRust(dir, program string) ([]string, string, error) {
	if strings.HasSuffix(program, ".rs") {
		return prepareRustc(dir, program)
	}
	cargo, err := exec.LookPath("cargo")
	registry := "/usr/share/cargo/registry"
	if err != nil || len(glob(registry+"/rayon-[0-9]*")) == 0 || len(glob(registry+"/tokio-[0-9]*")) == 0 {
		return nil, "", &NotInstalled{Runtime: "Rust with rayon and tokio", Install: "cargo, librust-rayon-dev, librust-tokio-dev"}
	}
	project := filepath.Join(dir, "rust")
	config := fmt.Sprintf("[source.crates-io]\nreplace-with = \"debian\"\n\n[source.debian]\ndirectory = %q\n\n[net]\noffline = true\n", registry)
	if err := os.MkdirAll(filepath.Join(project, ".cargo"), 0o755); err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(filepath.Join(project, ".cargo", "config.toml"), []byte(config), 0o644); err != nil {
		return nil, "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	target := filepath.Join(cache, "concspec", "polyglot-rust")
	build := exec.Command(cargo, "build", "--release", "--quiet", "--target-dir", target)
	build.Dir = project
	if out, err := build.CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("cargo build (offline, against %s): %v\n%s", registry, err, out)
	}
	version, err := output("rustc", "--version")
	if err != nil {
		return nil, "", err
	}
	return []string{filepath.Join(target, "release", strings.TrimSuffix(program, ".rs"))}, version, nil
}

// prepareCSharp compiles the program with Mono's mcs and runs it with mono.
func prepareCSharp(dir, program string) ([]string, string, error) {
	mcs, err1 := exec.LookPath("mcs")
	mono, err2 := exec.LookPath("mono")
	if err1 != nil || err2 != nil {
		return nil, "", &NotInstalled{Runtime: "Mono's C# compiler and runtime", Install: "mono-mcs, mono-runtime"}
	}
	exe := filepath.Join(dir, "csharp", strings.TrimSuffix(program, ".cs")+".exe")
	if out, err := exec.Command(mcs, "-optimize+", "-out:"+exe, filepath.Join(dir, "csharp", program)).CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("mcs %s: %v\n%s", program, err, out)
	}
	version, err := output(mono, "--version")
	if err != nil {
		return nil, "", err
	}
	return []string{mono, exe}, strings.SplitN(version, "\n", 2)[0], nil
}
