%% mailbox_flood on the BEAM (workloads/src/mailbox_flood.cpp): producers send
%% as fast as they can to one consumer that does busy work per message, so its
%% queue grows; then it drains. Items are messages; seconds run from the first
%% send to the last receive. Figures as in the C++ workload: send_rate,
%% drain_rate, peak_queued, bytes_per_queued_message, retained_bytes and
%% peak_rss_bytes (the VM's resident set, read from /proc).
%%
%% The consumer runs with message_queue_data = off_heap, the setting the
%% BEAM's documentation gives for exactly this case: queued messages live
%% outside its heap, so a long queue is neither copied by its garbage
%% collections nor contended with senders on its main lock.
%%
%% Producers publish progress in an atomics array (messages sent, and the time
%% they finished), which the consumer reads every ?CHECK_EVERY messages: once
%% all are done, the queue is at its peak.
%%
%% The consumer's busy work per message lasts work_ns, the time `work`
%% iterations of the C++ busy work take on this machine (the runner measures
%% it): ab_beam:work_iterations turns it into iterations of ab_beam:busy_work,
%% timed at start-up. Extra work_ns, work_iterations and work_ns_per_iteration
%% say what was used.
%%
%% Verification: each producer's messages arrive once each, in order; all P*K
%% arrive; the busy work's checksum matches one computed after the run.
-module(ab_mailbox_flood).
-export([run/1]).

-define(CHECK_EVERY, 4096).

run(#{producers := P, messages := K, batch := Batch, work := Work, work_ns := WorkNs})
  when P >= 1, K >= 1, Batch >= 1, Work >= 0, WorkNs >= 0 ->
    {Iterations, NsPerIteration} = ab_beam:work_iterations(Work, WorkNs),
    Root = self(),
    %% Per producer: slot 2I+1 messages sent, slot 2I+2 when it finished.
    Progress = atomics:new(2 * P, [{signed, true}]),
    Consumer = spawn_opt(fun() -> consumer_start(Root, Progress, P, K, Iterations) end,
                         [{message_queue_data, off_heap}]),
    erlang:garbage_collect(),
    RssBefore = ab_beam:rss_bytes(),
    TFirstSend = ab_beam:now_ns(),
    [spawn(fun() -> produce(Consumer, Progress, I, 0, K, Batch) end) || I <- lists:seq(0, P - 1)],
    receive
        {drained, Stats} ->
            LastSend = lists:max([atomics:get(Progress, 2 * I + 2) || I <- lists:seq(0, P - 1)]),
            Total = P * K,
            Expected = lists:foldl(fun(I, Sum) -> Sum + ab_beam:busy_work(I, Iterations) end,
                                   0, lists:seq(0, Total - 1)),
            report(Stats, Total, Expected, TFirstSend, LastSend, RssBefore,
                   #{work_ns => WorkNs, work_iterations => Iterations,
                     work_ns_per_iteration => NsPerIteration})
    end;
run(_) ->
    {error, "need producers, messages, batch >= 1, work >= 0 and work_ns >= 0"}.

report(#{error := Error}, _, _, _, _, _, _) when Error =/= none ->
    {error, Error};
report(#{checksum := Sum}, _, Expected, _, _, _, _) when Sum =/= Expected ->
    {error, "the consumer's checksum does not match"};
report(#{first_receive := TFirst, last_receive := TLast, peak_queued := Peak,
             rss_peak := RssPeak, rss_after := RssAfter},
       Total, _, TFirstSend, LastSend, RssBefore, Extra0) ->
    Extra = Extra0#{send_rate => Total / ((LastSend - TFirstSend) / 1.0e9),
                    drain_rate => Total / ((TLast - TFirst) / 1.0e9),
                    peak_queued => Peak,
                    retained_bytes => RssAfter - RssBefore},
    Extra2 = case Peak > 0 of
                 true -> Extra#{bytes_per_queued_message => (RssPeak - RssBefore) / Peak};
                 false -> Extra
             end,
    {ok, #{seconds => (TLast - TFirstSend) / 1.0e9, items => Total, unit => "messages",
           extra => Extra2, peak_rss_bytes => RssPeak}}.

produce(_, Progress, Id, K, K, _) ->
    atomics:put(Progress, 2 * Id + 1, K),
    atomics:put(Progress, 2 * Id + 2, ab_beam:now_ns());
produce(To, Progress, Id, Seq, K, Batch) ->
    To ! {item, Id, Seq},
    case (Seq + 1) rem Batch of
        0 -> atomics:put(Progress, 2 * Id + 1, Seq + 1);
        _ -> ok
    end,
    produce(To, Progress, Id, Seq + 1, K, Batch).

consumer_start(Root, Progress, P, K, Iterations) ->
    St = #{root => Root, progress => Progress, producers => P, total => P * K,
           iterations => Iterations, first_receive => 0, error => none,
           peak_queued => 0, rss_peak => 0, producers_done => false},
    consume(0, #{}, 0, St).

%% The hot state travels in arguments; the rest in St.
consume(Received, _NextSeq, Checksum, St = #{total := Total}) when Received =:= Total ->
    Now = ab_beam:now_ns(),
    St2 = case St of
              #{producers_done := false} -> look_at_producers(Received, St);
              _ -> St
          end,
    maps:get(root, St) ! {drained, St2#{last_receive => Now, checksum => Checksum,
                                        rss_after => ab_beam:rss_bytes()}},
    ok;
consume(Received, NextSeq, Checksum, St = #{iterations := Iterations, total := Total}) ->
    receive
        {item, Producer, Seq} ->
            St1 = case Received of
                      0 -> St#{first_receive := ab_beam:now_ns()};
                      _ -> St
                  end,
            Sum = Checksum + ab_beam:busy_work(Producer * (Total div maps:get(producers, St)) + Seq,
                                               Iterations),
            St2 = case maps:get(Producer, NextSeq, 0) of
                      Seq -> St1;
                      Expected when map_get(error, St1) =:= none ->
                          St1#{error := io_lib:format("producer ~p: got message ~p, expected ~p",
                                                      [Producer, Seq, Expected])};
                      _ -> St1
                  end,
            Got = Received + 1,
            St3 = case St2 of
                      #{producers_done := false} when Got rem ?CHECK_EVERY =:= 0 ->
                          look_at_producers(Got, St2);
                      _ -> St2
                  end,
            consume(Got, NextSeq#{Producer => Seq + 1}, Sum, St3)
    end.

%% Once every producer has finished, the queue is at its largest: record it.
look_at_producers(Received, St = #{progress := Progress, producers := P}) ->
    case lists:all(fun(I) -> atomics:get(Progress, 2 * I + 2) =/= 0 end, lists:seq(0, P - 1)) of
        false ->
            St;
        true ->
            Sent = lists:sum([atomics:get(Progress, 2 * I + 1) || I <- lists:seq(0, P - 1)]),
            St#{producers_done := true, peak_queued := Sent - Received,
                rss_peak := ab_beam:rss_bytes()}
    end.
