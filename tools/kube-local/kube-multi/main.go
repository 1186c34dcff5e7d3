/*
Copyright The Kubernetes Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

// kube-multi is one binary holding the six programs tools/kube-local runs, chosen by the name
// it is called under (hard links: kube-apiserver, kube-controller-manager, kube-scheduler,
// kubelet, kube-proxy, kubectl), in the manner of the hyperkube of Kubernetes <= 1.17. One link
// step instead of six, and the code the programs share compiled once: the cold build of
// tools/kube-local takes a quarter of the time. Each branch below is the body of the upstream
// cmd/<name>/<name>.go of Kubernetes 1.20.2, kubectl's with one change (see there).
package main

import (
	goflag "flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	cliflag "k8s.io/component-base/cli/flag"
	"k8s.io/component-base/logs"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/restclient"
	_ "k8s.io/component-base/metrics/prometheus/version"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"

	_ "k8s.io/client-go/plugin/pkg/client/auth"

	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	proxy "k8s.io/kubernetes/cmd/kube-proxy/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	kubelet "k8s.io/kubernetes/cmd/kubelet/app"
)

var programs = []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy", "kubectl"}

func main() {
	rand.Seed(time.Now().UnixNano())
	name := filepath.Base(os.Args[0])
	if name == "kube-multi" && len(os.Args) > 1 {
		// kube-multi <program> [args]: as if called under that name.
		name = os.Args[1]
		os.Args = append([]string{name}, os.Args[2:]...)
	}
	var command *cobra.Command
	switch name {
	case "kube-apiserver":
		command = apiserver.NewAPIServerCommand()
	case "kube-controller-manager":
		command = controllermanager.NewControllerManagerCommand()
	case "kube-scheduler":
		command = scheduler.NewSchedulerCommand()
		pflag.CommandLine.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
	case "kubelet":
		command = kubelet.NewKubeletCommand()
	case "kube-proxy":
		command = proxy.NewProxyCommand()
		pflag.CommandLine.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
		pflag.CommandLine.AddGoFlagSet(goflag.CommandLine)
	case "kubectl":
		command = kubectlcmd.NewDefaultKubectlCommand()
		pflag.CommandLine.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
		pflag.CommandLine.AddGoFlagSet(goflag.CommandLine)
		// Upstream kubectl uses k8s.io/kubectl/pkg/util/logs, a copy of component-base/logs that
		// registers the same --log-flush-frequency flag (both cannot be linked in one binary)
		// and sets logtostderr, which klog/v2 has on by default.
		goflag.Set("logtostderr", "true")
	default:
		fmt.Fprintf(os.Stderr, "kube-multi: unknown program %q; call it as one of %v (a link of that name, or kube-multi <program>)\n", name, programs)
		os.Exit(2)
	}
	logs.InitLogs()
	defer logs.FlushLogs()
	if err := command.Execute(); err != nil {
		logs.FlushLogs()
		os.Exit(1)
	}
}
