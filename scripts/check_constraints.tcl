#!/usr/bin/env tclsh
# Checks rnngen's power intent and timing constraints (docs/power.md, "Power intent and
# constraints") without an EDA tool: each file is run in a Tcl interpreter that knows only stub
# procs of the commands its format may use. Each stub checks its call (known options only,
# required ones present, values well formed, objects defined before use) and records every
# design object it names; the names are then matched against the design's own, as
# scripts/design_names.sh lists them from the emitted Verilog.
#
# Usage: tclsh scripts/check_constraints.tcl -names NAMES.txt FILE...
#   NAMES.txt  "<kind> <hierarchical name>" lines (port, inst, pin, reg, mem), as
#              design_names.sh prints them; '#' starts a comment line
#   FILE       <name>.upf, <name>.sdc or <name>.xdc (the format is the extension)
# Prints one "file:line: error: ..." per problem and exits 1 if there is any, 2 on a usage error,
# 0 when all is well.
#
# The commands are the subset rnngen writes, with the options it uses, so a legal but unused
# option is reported too: the point is that every line of the files was checked. What this cannot
# say: whether a tool's own reading of UPF agrees (nothing on Debian reads 1801 supply nets and
# states), whether the constraints meet timing, or whether a '*' pattern matches more in a
# synthesised netlist than in the RTL.

namespace eval chk {
  variable errors {}
  variable file ""
  variable line 0
  variable format ""
  variable ncommands 0
  # Design names: kind($name) = list of kinds; children($path) = names one level below.
  variable kind
  variable children
  # Collections made by get_*: coll($token) = {type patterns}.
  variable coll
  variable ncoll 0
  # Per timing file: clocks($file) = dict clock -> period; maxdelay($file) = list of {from to}
  # collections; groups($file) = the line of a set_clock_groups; clock_ports($file) = patterns.
  variable clocks
  variable maxdelay
  variable groups
  variable clock_ports
  # UPF state (one UPF per run).
  variable domains   ;# name -> {elements primary_power primary_ground line}
  variable sports    ;# supply port -> direction
  variable snets     ;# supply net -> 1
  variable connected ;# net -> ports
  variable states    ;# supply -> dict state -> volts (or off)
  variable shifters  ;# domain -> list of {name applies_to rule location line}
  variable psts      ;# pst -> {supplies rows}
  variable upf_seen 0
  variable upf_version 0
}

proc chk::err {msg} {
  variable errors
  variable file
  variable line
  lappend errors "$file:$line: error: $msg"
}

# --- options ---------------------------------------------------------------------------------
# spec: option -> arity (0: a flag, 1: one value, *: one value, may repeat). Returns a dict of the
# options given (a repeated one: the list of its values) plus "pos": the positional arguments.
proc chk::options {cmd spec required npos argv} {
  set got [dict create pos {}]
  for {set i 0} {$i < [llength $argv]} {incr i} {
    set a [lindex $argv $i]
    if {[string match -* $a] && ![string is double -strict $a]} {
      if {![dict exists $spec $a]} {
        error "$cmd: unknown option $a (expected one of [join [lsort [dict keys $spec]] {, }])"
      }
      set arity [dict get $spec $a]
      if {$arity eq "0"} {
        if {[dict exists $got $a]} { error "$cmd: $a given twice" }
        dict set got $a 1
        continue
      }
      if {$i + 1 >= [llength $argv]} { error "$cmd: $a needs a value" }
      set v [lindex $argv [incr i]]
      if {$arity eq "*"} {
        dict lappend got $a $v
      } else {
        if {[dict exists $got $a]} { error "$cmd: $a given twice" }
        dict set got $a $v
      }
    } else {
      dict lappend got pos $a
    }
  }
  foreach r $required {
    if {![dict exists $got $r]} { error "$cmd: $r is required" }
  }
  set n [llength [dict get $got pos]]
  lassign $npos lo hi
  if {$n < $lo || $n > $hi} {
    set want [expr {$lo == $hi ? $lo : "$lo to $hi"}]
    error "$cmd: $n positional argument(s) [list [dict get $got pos]], expected $want"
  }
  return $got
}

proc chk::positive {cmd what v} {
  if {![string is double -strict $v] || $v <= 0} {
    error "$cmd: $what '$v' is not a number greater than 0"
  }
}

proc chk::identifier {cmd what v} {
  if {![regexp {^[A-Za-z_][A-Za-z0-9_]*$} $v]} { error "$cmd: $what '$v' is not an identifier" }
}

proc chk::one_of {cmd opt v allowed} {
  if {$v ni $allowed} { error "$cmd: $opt $v (expected one of [join $allowed {, }])" }
}

# --- design names ----------------------------------------------------------------------------
proc chk::load_names {path} {
  variable kind
  variable children
  set f [open $path]
  set n 0
  while {[gets $f l] >= 0} {
    if {[string trim $l] eq "" || [string index $l 0] eq "#"} continue
    if {![regexp {^(port|inst|pin|reg|mem) (\S+)$} $l -> k name]} {
      close $f
      error "$path: not a '<kind> <name>' line: $l"
    }
    lappend kind($name) $k
    incr n
    set parts [split $name /]
    for {set i 0} {$i < [llength $parts]} {incr i} {
      dict set seen([join [lrange $parts 0 [expr {$i - 1}]] /]) [lindex $parts $i] 1
    }
  }
  close $f
  foreach p [array names seen] { set children($p) [dict keys $seen($p)] }
  if {$n == 0} { error "$path: no names" }
  return $n
}

# The design names of one of `kinds` that `pattern` matches; '*' matches within one level.
proc chk::match {pattern kinds} {
  variable kind
  variable children
  set paths [list ""]
  foreach level [split $pattern /] {
    set next {}
    foreach p $paths {
      if {![info exists children($p)]} continue
      foreach c $children($p) {
        if {[string match $level $c]} { lappend next [expr {$p eq "" ? $c : "$p/$c"}] }
      }
    }
    set paths $next
  }
  set out {}
  foreach p $paths {
    if {[info exists kind($p)]} {
      foreach k $kind($p) {
        if {$k in $kinds} { lappend out $p; break }
      }
    }
  }
  return $out
}

proc chk::check_pattern {cmd pattern kinds what} {
  if {[regexp {[][\\?{}]} $pattern]} {
    error "$cmd: pattern '$pattern' has a bracket, brace, backslash or '?': tools read those\
           differently (only '*' is portable)"
  }
  if {[llength [match $pattern $kinds]] == 0} {
    error "$cmd: no $what in the design matches '$pattern'"
  }
}

# --- collections -----------------------------------------------------------------------------
proc chk::collection {type cmd argv kinds what} {
  variable coll
  variable ncoll
  set o [options $cmd {} {} {1 1} $argv]
  set patterns [lindex [dict get $o pos] 0]
  if {[llength $patterns] == 0} { error "$cmd: no pattern" }
  foreach p $patterns {
    if {$type eq "clocks"} {
      check_clock_pattern $cmd $p
    } else {
      check_pattern $cmd $p $kinds $what
    }
  }
  set token "@[incr ncoll]:$type"
  set coll($token) [list $type $patterns]
  return $token
}

proc chk::check_clock_pattern {cmd p} {
  variable clocks
  variable file
  if {![info exists clocks($file)] || ![dict exists $clocks($file) $p]} {
    error "$cmd: no clock '$p' defined (create_clock before its use)"
  }
}

# The collection `token` must be one of `types`; returns {type patterns}.
proc chk::expect {cmd opt token types} {
  variable coll
  if {![info exists coll($token)]} {
    error "$cmd: $opt '$token' is not a collection (expected \[get_[join $types {|get_}] ...\])"
  }
  if {[lindex $coll($token) 0] ni $types} {
    error "$cmd: $opt takes get_[join $types {, get_}], not get_[lindex $coll($token) 0]"
  }
  return $coll($token)
}

# A timing exception starts and ends at registers and memories, not at hierarchical instances.
proc chk::storage {cmd opt c} {
  if {[lindex $c 0] ne "cells"} return
  foreach p [lindex $c 1] {
    if {[llength [match $p {reg mem}]] == 0} {
      error "$cmd: $opt '$p' matches no register or memory (an instance is no start or end point)"
    }
  }
}

proc chk::unknown_command {args} {
  variable format
  variable commands
  error "[lindex $args 0]: not a command of a .$format file here (known: [join $commands($format) {, }])"
}

proc chk::get_ports {args} { collection ports get_ports $args {port} "port" }
proc chk::get_pins {args} { collection pins get_pins $args {pin} "instance pin" }
proc chk::get_cells {args} { collection cells get_cells $args {inst reg mem} "instance or register" }
proc chk::get_clocks {args} { collection clocks get_clocks $args {} "clock" }

# --- SDC and XDC -----------------------------------------------------------------------------
proc chk::create_clock {args} {
  variable clocks
  variable clock_ports
  variable file
  set o [options create_clock {-name 1 -period 1 -waveform 1} {-name -period} {1 1} $args]
  set name [dict get $o -name]
  identifier create_clock -name $name
  positive create_clock -period [dict get $o -period]
  if {[info exists clocks($file)] && [dict exists $clocks($file) $name]} {
    error "create_clock: clock $name defined twice"
  }
  lassign [expect create_clock source [lindex [dict get $o pos] 0] {ports pins}] type patterns
  dict set clocks($file) $name [dict get $o -period]
  foreach p $patterns { lappend clock_ports($file) $p }
}

proc chk::set_max_delay {args} {
  variable format
  variable maxdelay
  variable clocks
  variable file
  set flag [expr {$format eq "xdc" ? "-datapath_only" : "-ignore_clock_latency"}]
  set o [options set_max_delay [list -from 1 -to 1 -through 1 $flag 0] [list -from -to $flag] \
      {1 1} $args]
  set v [lindex [dict get $o pos] 0]
  positive set_max_delay delay $v
  set types {cells pins ports clocks}
  set from [expect set_max_delay -from [dict get $o -from] $types]
  set to [expect set_max_delay -to [dict get $o -to] $types]
  storage set_max_delay -from $from
  storage set_max_delay -to $to
  if {[dict exists $o -through]} { expect set_max_delay -through [dict get $o -through] {pins} }
  # One period of the receiving clock: of the -to clock when it names one, else of some clock.
  if {![info exists clocks($file)]} { error "set_max_delay: no clock defined (yet)" }
  set periods {}
  if {[lindex $to 0] eq "clocks"} {
    foreach c [lindex $to 1] { lappend periods [dict get $clocks($file) $c] }
  } else {
    set periods [dict values $clocks($file)]
  }
  set ok 0
  foreach p $periods {
    if {abs($p - $v) < 1e-9} { set ok 1 }
  }
  if {!$ok} {
    error "set_max_delay: $v is not the period of [expr {[lindex $to 0] eq "clocks" ?\
           "clock [lindex $to 1]" : "any clock"}] ([join [lsort -unique $periods] {, }])"
  }
  lappend maxdelay($file) [list $from $to]
}

proc chk::set_false_path {args} {
  variable format
  set spec {-from 1 -to 1 -through 1}
  if {$format eq "sdc"} { dict set spec -hold 0; dict set spec -setup 0 }
  set o [options set_false_path $spec {} {0 0} $args]
  set types {cells pins ports clocks}
  set any 0
  foreach opt {-from -to -through} {
    if {[dict exists $o $opt]} {
      set c [expect set_false_path $opt [dict get $o $opt] \
          [expr {$opt eq "-through" ? {pins} : $types}]]
      if {$opt ne "-through"} { storage set_false_path $opt $c }
      set any 1
    }
  }
  if {!$any} { error "set_false_path: no -from, -to or -through: every path would be false" }
}

proc chk::set_clock_groups {args} {
  variable groups
  variable file
  set o [options set_clock_groups {-name 1 -asynchronous 0 -group *} {-asynchronous -group} {0 0} \
      $args]
  if {[llength [dict get $o -group]] < 2} { error "set_clock_groups: fewer than two -group" }
  foreach g [dict get $o -group] { expect set_clock_groups -group $g {clocks} }
  set groups($file) $chk::line
}

# --- UPF -------------------------------------------------------------------------------------
proc chk::upf_version {args} {
  variable ncommands
  set o [options upf_version {} {} {1 1} $args]
  one_of upf_version version [lindex [dict get $o pos] 0] {2.0 2.1}
  if {$ncommands != 1} { error "upf_version: not the first command" }
  set chk::upf_version 1
}

# `name` must be in the checker's array `table` (domains, snets, sports, psts) by now.
proc chk::defined {cmd what table name} {
  upvar #0 ::chk::$table known
  if {![info exists known($name)]} { error "$cmd: $what $name is not defined (yet)" }
}

proc chk::domain {cmd d} { defined $cmd "power domain" domains $d }

proc chk::create_power_domain {args} {
  variable domains
  variable kind
  set o [options create_power_domain {-elements 1 -include_scope 0} {} {1 1} $args]
  set d [lindex [dict get $o pos] 0]
  identifier create_power_domain name $d
  if {[info exists domains($d)]} { error "create_power_domain: $d defined twice" }
  if {[dict exists $o -elements] == [dict exists $o -include_scope]} {
    error "create_power_domain: give one of -elements and -include_scope"
  }
  set elements [expr {[dict exists $o -elements] ? [dict get $o -elements] : "."}]
  if {[llength $elements] == 0} { error "create_power_domain: -elements is empty" }
  foreach e $elements {
    if {$e eq "."} continue
    if {[regexp {[*?]} $e]} { error "create_power_domain: element '$e': no patterns in UPF" }
    if {![info exists kind($e)] || "inst" ni $kind($e)} {
      error "create_power_domain: element '$e' is not an instance of the design"
    }
  }
  foreach {other info} [array get domains] {
    foreach e $elements {
      if {$e in [dict get $info elements]} {
        error "create_power_domain: element '$e' is already in $other"
      }
    }
  }
  set domains($d) [dict create elements $elements line $chk::line]
}

proc chk::create_supply_port {args} {
  variable sports
  set o [options create_supply_port {-direction 1} {-direction} {1 1} $args]
  set p [lindex [dict get $o pos] 0]
  identifier create_supply_port name $p
  one_of create_supply_port -direction [dict get $o -direction] {in out}
  if {[info exists sports($p)]} { error "create_supply_port: $p defined twice" }
  set sports($p) [dict get $o -direction]
}

proc chk::create_supply_net {args} {
  variable snets
  set o [options create_supply_net {-domain 1} {} {1 1} $args]
  set n [lindex [dict get $o pos] 0]
  identifier create_supply_net name $n
  if {[dict exists $o -domain]} { domain create_supply_net [dict get $o -domain] }
  if {[info exists snets($n)]} { error "create_supply_net: $n defined twice" }
  set snets($n) 1
}

proc chk::supply_net {cmd n} { defined $cmd "supply net" snets $n }

proc chk::connect_supply_net {args} {
  variable connected
  set o [options connect_supply_net {-ports 1} {-ports} {1 1} $args]
  set n [lindex [dict get $o pos] 0]
  supply_net connect_supply_net $n
  foreach p [dict get $o -ports] {
    defined connect_supply_net "supply port" sports $p
    foreach {net ports} [array get connected] {
      if {$p in $ports} { error "connect_supply_net: port $p is already on net $net" }
    }
    lappend connected($n) $p
  }
}

proc chk::set_domain_supply_net {args} {
  variable domains
  set o [options set_domain_supply_net {-primary_power_net 1 -primary_ground_net 1} \
      {-primary_power_net -primary_ground_net} {1 1} $args]
  set d [lindex [dict get $o pos] 0]
  domain set_domain_supply_net $d
  if {[dict exists $domains($d) power]} { error "set_domain_supply_net: $d has its supplies already" }
  set pw [dict get $o -primary_power_net]
  set gnd [dict get $o -primary_ground_net]
  supply_net set_domain_supply_net $pw
  supply_net set_domain_supply_net $gnd
  if {$pw eq $gnd} { error "set_domain_supply_net: power and ground are both $pw" }
  dict set domains($d) power $pw
  dict set domains($d) ground $gnd
}

proc chk::set_level_shifter {args} {
  variable shifters
  set o [options set_level_shifter {-domain 1 -applies_to 1 -rule 1 -location 1} \
      {-domain -applies_to -rule -location} {1 1} $args]
  set s [lindex [dict get $o pos] 0]
  identifier set_level_shifter name $s
  set d [dict get $o -domain]
  domain set_level_shifter $d
  one_of set_level_shifter -applies_to [dict get $o -applies_to] {inputs outputs both}
  one_of set_level_shifter -rule [dict get $o -rule] {low_to_high high_to_low both}
  one_of set_level_shifter -location [dict get $o -location] {self parent fanout automatic}
  foreach {dd list} [array get shifters] {
    foreach x $list {
      if {[lindex $x 0] eq $s} { error "set_level_shifter: strategy $s defined twice" }
    }
  }
  lappend shifters($d) [list $s [dict get $o -applies_to] [dict get $o -rule] \
      [dict get $o -location] $chk::line]
}

proc chk::add_port_state {args} {
  variable states
  set o [options add_port_state {-state *} {-state} {1 1} $args]
  set p [lindex [dict get $o pos] 0]
  defined add_port_state "supply port" sports $p
  foreach st [dict get $o -state] {
    set name [lindex $st 0]
    set vals [lrange $st 1 end]
    identifier add_port_state "state name" $name
    if {[info exists states($p)] && [dict exists $states($p) $name]} {
      error "add_port_state: $p has state $name twice"
    }
    if {$vals eq "off"} {
      dict set states($p) $name off
      continue
    }
    if {[llength $vals] != 1 && [llength $vals] != 3} {
      error "add_port_state: state {$st} (expected {name volts}, {name min nom max} or {name off})"
    }
    foreach v $vals {
      if {![string is double -strict $v] || $v < 0} {
        error "add_port_state: state {$st}: '$v' is not a voltage (a number, at least 0)"
      }
    }
    if {[llength $vals] == 3 && !([lindex $vals 0] <= [lindex $vals 1] &&
                                  [lindex $vals 1] <= [lindex $vals 2])} {
      error "add_port_state: state {$st}: not min <= nom <= max"
    }
    dict set states($p) $name [lindex $vals [expr {[llength $vals] == 3 ? 1 : 0}]]
  }
}

# The supply port that gives net or port `s` its states.
proc chk::state_port {s} {
  variable connected
  variable states
  if {[info exists states($s)]} { return $s }
  if {[info exists connected($s)]} {
    foreach p $connected($s) {
      if {[info exists states($p)]} { return $p }
    }
  }
  return ""
}

proc chk::create_pst {args} {
  variable psts
  set o [options create_pst {-supplies 1} {-supplies} {1 1} $args]
  set t [lindex [dict get $o pos] 0]
  identifier create_pst name $t
  if {[info exists psts($t)]} { error "create_pst: $t defined twice" }
  set supplies [dict get $o -supplies]
  if {[llength $supplies] == 0} { error "create_pst: -supplies is empty" }
  if {[llength [lsort -unique $supplies]] != [llength $supplies]} {
    error "create_pst: a supply listed twice in {$supplies}"
  }
  foreach s $supplies {
    if {[state_port $s] eq ""} { error "create_pst: supply $s has no states (add_port_state first)" }
  }
  set psts($t) [dict create supplies $supplies rows {}]
}

proc chk::add_pst_state {args} {
  variable psts
  variable states
  set o [options add_pst_state {-pst 1 -state 1} {-pst -state} {1 1} $args]
  set name [lindex [dict get $o pos] 0]
  identifier add_pst_state name $name
  set t [dict get $o -pst]
  defined add_pst_state "power state table" psts $t
  set supplies [dict get $psts($t) supplies]
  set row [dict get $o -state]
  if {[llength $row] != [llength $supplies]} {
    error "add_pst_state: $name has [llength $row] states for [llength $supplies] supplies\
           ($supplies)"
  }
  if {[dict exists $psts($t) rows $name]} { error "add_pst_state: $name defined twice in $t" }
  foreach s $supplies st $row {
    if {![dict exists $states([state_port $s]) $st]} {
      error "add_pst_state: $s has no state $st (its states: [dict keys $states([state_port $s])])"
    }
  }
  dict set psts($t) rows $name $row
}

# After the UPF: what must hold of the whole file.
proc chk::upf_final {} {
  variable domains
  variable sports
  variable snets
  variable connected
  variable states
  variable shifters
  variable psts
  variable kind
  variable children
  variable line
  set line end
  if {!$chk::upf_version} { err "no upf_version (the first command)" }
  set tops {}
  foreach d [lsort [array names domains]] {
    if {"." in [dict get $domains($d) elements]} { lappend tops $d }
    if {![dict exists $domains($d) power]} {
      err "power domain $d has no primary supplies (set_domain_supply_net)"
    }
  }
  if {[llength $tops] != 1} { err "expected one domain of the top scope (-elements {.}), got {$tops}" }
  foreach n [lsort [array names snets]] {
    if {![info exists connected($n)]} { err "supply net $n is connected to no supply port" }
  }
  foreach p [lsort [array names sports]] {
    set on 0
    foreach {n ports} [array get connected] { if {$p in $ports} { set on 1 } }
    if {!$on} { err "supply port $p is connected to no supply net" }
  }
  # Voltages: ground states 0 V, power states above 0 V.
  set grounds {}
  set powers {}
  foreach d [array names domains] {
    if {[dict exists $domains($d) power]} {
      lappend powers [dict get $domains($d) power]
      lappend grounds [dict get $domains($d) ground]
    }
  }
  foreach n [lsort -unique [concat $powers $grounds]] {
    set p [state_port $n]
    if {$p eq ""} { err "supply net $n has no states (add_port_state)"; continue }
    dict for {st v} $states($p) {
      if {$v eq "off"} continue
      if {$n in $grounds && $v != 0} { err "ground $n: state $st is $v V, expected 0" }
      if {$n in $powers && $v <= 0} { err "power $n: state $st is $v V, expected more than 0" }
    }
  }
  set rows 0
  foreach t [array names psts] { incr rows [dict size [dict get $psts($t) rows]] }
  if {$rows == 0} { err "no power state table row (create_pst, add_pst_state)" }
  # Level shifters: both ways on every domain but the top's, rules that fit the voltages.
  set top [lindex $tops 0]
  foreach d [lsort [array names domains]] {
    if {$d eq $top} continue
    set ins 0
    set outs 0
    foreach s [expr {[info exists shifters($d)] ? $shifters($d) : {}}] {
      lassign $s name applies rule location at
      if {$applies in {inputs both}} { set ins 1 }
      if {$applies in {outputs both}} { set outs 1 }
      if {$top eq "" || ![dict exists $domains($d) power] ||
          ![dict exists $domains($top) power]} continue
      set vi [single_volts [dict get $domains($d) power]]
      set vt [single_volts [dict get $domains($top) power]]
      if {$vi eq "" || $vt eq ""} continue
      foreach dir {inputs outputs} {
        if {$applies ni [list $dir both]} continue
        lassign [expr {$dir eq "inputs" ? [list $vt $vi] : [list $vi $vt]}] from to
        set need [expr {$from > $to ? "high_to_low" : $from < $to ? "low_to_high" : ""}]
        if {$need ne "" && $rule ni [list $need both]} {
          set line $at
          err "set_level_shifter $name: $dir of $d go from $from V to $to V, rule $rule\
               (expected $need or both)"
          set line end
        }
      }
    }
    if {!$ins} { err "power domain $d has no level shifter strategy for its inputs" }
    if {!$outs} { err "power domain $d has no level shifter strategy for its outputs" }
  }
  # Every island instance of the top (u_island_*) is a domain of its own.
  set elements {}
  foreach d [array names domains] { lappend elements {*}[dict get $domains($d) elements] }
  if {[info exists children()]} {
    foreach c $children() {
      if {[string match u_island_* $c] && "inst" in $kind($c) && $c ni $elements} {
        err "island instance $c is in no power domain of its own"
      }
    }
  }
}

# The one voltage of net `n` (its only state that is not off), or "".
proc chk::single_volts {n} {
  variable states
  set p [state_port $n]
  if {$p eq ""} { return "" }
  set on {}
  dict for {st v} $states($p) { if {$v ne "off"} { lappend on $v } }
  return [expr {[llength $on] == 1 ? [lindex $on 0] : ""}]
}

# After a timing file: completeness against the design.
proc chk::timing_final {} {
  variable file
  variable line
  variable clocks
  variable clock_ports
  variable maxdelay
  variable groups
  variable coll
  variable kind
  set line end
  if {[info exists groups($file)] && [info exists maxdelay($file)]} {
    set line $groups($file)
    err "set_clock_groups overrides every set_max_delay between its clocks (Vivado UG903;\
         OpenSTA drops the paths): constrain the crossings point to point instead"
    set line end
  }
  if {![info exists clocks($file)]} { err "no create_clock" }
  # Every clock input of the top (clk_i, clk_<island>_i) has a clock.
  set ports [expr {[info exists clock_ports($file)] ? $clock_ports($file) : {}}]
  foreach name [array names kind clk*] {
    if {"port" in $kind($name) && ![string match */* $name] && $name ni $ports} {
      err "clock input $name has no create_clock"
    }
  }
  # Every synchroniser's first stage but a reset synchroniser's is the end of a set_max_delay;
  # every asynchronous FIFO's storage is the start of one.
  set ends {}
  set starts {}
  if {[info exists maxdelay($file)]} {
    foreach pair $maxdelay($file) {
      lassign $pair from to
      if {[lindex $to 0] eq "cells"} {
        foreach p [lindex $to 1] { lappend ends {*}[match $p {inst reg mem}] }
      }
      if {[lindex $from 0] eq "cells"} {
        foreach p [lindex $from 1] { lappend starts {*}[match $p {inst reg mem}] }
      }
    }
  }
  foreach name [lsort [array names kind]] {
    set leaf [lindex [split $name /] end]
    if {$leaf eq "sync_q1" && "reg" in $kind($name) && ![regexp {(^|/)u_rst_sync} $name] &&
        $name ni $ends} {
      err "synchroniser stage $name is the end of no set_max_delay"
    }
    if {[regexp {(^|/)u_act_fifo/mem$} $name] && "mem" in $kind($name) && $name ni $starts} {
      err "FIFO storage $name is the start of no set_max_delay"
    }
  }
}

# --- running the files -----------------------------------------------------------------------
array set chk::commands {
  upf {upf_version create_power_domain create_supply_port create_supply_net connect_supply_net
       set_domain_supply_net set_level_shifter add_port_state create_pst add_pst_state}
  sdc {create_clock set_max_delay set_false_path set_clock_groups get_ports get_pins get_cells
       get_clocks}
  xdc {create_clock set_max_delay set_false_path set_clock_groups get_ports get_pins get_cells
       get_clocks}
}

proc chk::run_file {path} {
  variable file
  variable line
  variable format
  variable ncommands
  variable commands
  variable upf_seen
  set file $path
  set line 0
  set format [string tolower [file extension $path]]
  set format [string range $format 1 end]
  if {![info exists commands($format)]} {
    err "unknown format (expected a .upf, .sdc or .xdc file)"
    return
  }
  if {$format eq "upf"} {
    if {$upf_seen} { err "a second UPF file: give one"; return }
    set upf_seen 1
  }
  set in [open $path]
  set text [read $in]
  close $in
  set interp [interp create -safe]
  foreach c [$interp eval {info commands}] { $interp hide $c }
  foreach c $commands($format) { $interp alias $c chk::$c }
  $interp alias unknown chk::unknown_command
  set ncommands 0
  set buf ""
  set n 0
  foreach l [split $text \n] {
    incr n
    if {$buf eq ""} {
      set t [string trim $l]
      if {$t eq "" || [string index $t 0] eq "#"} continue
      set start $n
    }
    append buf $l \n
    if {![info complete $buf] || [regexp {(^|[^\\])(\\\\)*\\\n$} $buf]} continue
    set line $start
    incr ncommands
    if {[catch {$interp eval $buf} msg]} { err $msg }
    set buf ""
  }
  if {$buf ne ""} {
    set line $start
    err "incomplete command at the end of the file"
  }
  interp delete $interp
  if {$ncommands == 0} { set line 0; err "no commands" }
  if {$format eq "upf"} { upf_final } else { timing_final }
}

proc chk::main {argv} {
  variable errors
  variable clocks
  variable file
  variable line
  if {[llength $argv] < 3 || [lindex $argv 0] ne "-names"} {
    puts stderr "usage: tclsh check_constraints.tcl -names NAMES.txt FILE.upf|.sdc|.xdc..."
    exit 2
  }
  if {[catch {load_names [lindex $argv 1]} n]} {
    puts stderr "check_constraints: $n"
    exit 2
  }
  set files [lrange $argv 2 end]
  foreach f $files {
    if {![file readable $f]} {
      puts stderr "check_constraints: cannot read $f"
      exit 2
    }
  }
  foreach f $files { run_file $f }
  # The SDC and the XDC define the same clocks.
  set timing [lsearch -all -inline -regexp $files {\.(sdc|xdc)$}]
  if {[llength $timing] == 2} {
    lassign $timing a b
    set file $b
    set line end
    if {[info exists clocks($a)] && [info exists clocks($b)]} {
      dict for {c p} $clocks($a) {
        if {![dict exists $clocks($b) $c] || abs([dict get $clocks($b) $c] - $p) > 1e-9} {
          err "clock $c differs from $a's ($p ns)"
        }
      }
      dict for {c p} $clocks($b) {
        if {![dict exists $clocks($a) $c]} { err "clock $c is not in $a" }
      }
    }
  }
  foreach e $errors { puts $e }
  if {[llength $errors] > 0} {
    puts "check_constraints: [llength $errors] error(s) in [llength $files] file(s)"
    exit 1
  }
  puts "check_constraints: [llength $files] file(s) checked against $n design names: ok"
  exit 0
}

chk::main $argv
