# Drives zsh's completion system as a user would: an interactive zsh -f in a
# pseudo-terminal runs compinit and sources $SCRIPT (p1 completion zsh),
# then gets $LINE and a TAB; a widget bound to ^T, typed after the TAB,
# writes the edited line to $OUT. Completion runs before zle reads ^T.
zmodload zsh/zpty || exit 3
zpty z 'zsh -f -i'
zpty -w z 'autoload -Uz compinit; compinit -u -D; source $SCRIPT; _p1_dump() { print -r -- "$BUFFER" > $OUT; exit }; zle -N _p1_dump; bindkey "^T" _p1_dump'
zpty -w -n z "$LINE"$'\t\x14'
for i in {1..300}; do [[ -s $OUT ]] && break; sleep 0.1; done
zpty -d z
[[ -s $OUT ]]
