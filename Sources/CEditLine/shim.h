// libedit's readline-compatible interface. Never GNU readline/readline.h (also installed here).
#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>
