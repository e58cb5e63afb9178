%% skynet on the BEAM (workloads/src/skynet.cpp; github.com/atemerev/skynet,
%% whose Erlang version this follows): a node of Size leaves starting at Num
%% spawns Fanout children of Size div Fanout leaves, sums their answers and
%% sends the sum to its parent; a leaf sends its number. Items are processes,
%% 1,111,111 for a million leaves (the VM runs with +P above that).
%%
%% Verification: the sum is leaves*(leaves-1)/2, and every node heard from
%% exactly Fanout children (it waits for that many answers).
-module(ab_skynet).
-export([run/1]).

run(#{leaves := Leaves, fanout := Fanout}) when Fanout >= 2, Leaves >= 1 ->
    case processes(Leaves, Fanout, 1, 0) of
        error ->
            {error, "leaves must be a power of fanout (>= 2)"};
        Processes ->
            Root = self(),
            T0 = ab_beam:now_ns(),
            spawn(fun() -> node(Root, 0, Leaves, Fanout) end),
            Sum = receive {value, V} -> V end,
            T1 = ab_beam:now_ns(),
            case Leaves * (Leaves - 1) div 2 of
                Sum ->
                    {ok, #{seconds => (T1 - T0) / 1.0e9, items => Processes, unit => "processes",
                           extra => #{sum => Sum}}};
                Expected ->
                    {error, io_lib:format("sum ~p, expected ~p", [Sum, Expected])}
            end
    end;
run(_) ->
    {error, "leaves must be a power of fanout (>= 2)"}.

%% The processes in the tree, or error when Leaves is not a power of Fanout.
processes(Leaves, _, Level, Acc) when Level =:= Leaves -> Acc + Leaves;
processes(Leaves, _, Level, _) when Level > Leaves -> error;
processes(Leaves, Fanout, Level, Acc) -> processes(Leaves, Fanout, Level * Fanout, Acc + Level).

node(Parent, Num, 1, _) ->
    Parent ! {value, Num};
node(Parent, Num, Size, Fanout) ->
    Self = self(),
    Sub = Size div Fanout,
    [spawn(fun() -> node(Self, Num + I * Sub, Sub, Fanout) end) || I <- lists:seq(0, Fanout - 1)],
    Parent ! {value, collect(Fanout, 0)}.

collect(0, Sum) -> Sum;
collect(N, Sum) -> receive {value, V} -> collect(N - 1, Sum + V) end.
